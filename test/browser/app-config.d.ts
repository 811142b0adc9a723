// The generated app config the browser page imports (amplify_outputs.json or aws-exports.js), resolved at bundle time.
declare module 'app-config' {
  const config: Record<string, unknown>;
  export default config;
}
