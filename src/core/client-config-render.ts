// How each app config file is rendered from the one resolved config (the writers, one per format). Pure.

import { amplifyOutputs } from './amplify-outputs.js';
import { renderAmplifyConfigurationJson, renderAwsExports } from './aws-exports-format.js';
import type { ClientConfigFile, ClientConfigFormat, RenderedClientConfigFile } from './client-config-files.js';
import { GEN1_DART_CONSTANT, GEN2_DART_CONSTANT, renderDartConfig } from './dart-config-format.js';
import { gen1JsConfig } from './gen1-js-config.js';
import { amplifyConfigurationJson, awsConfigurationJson } from './gen1-native-config.js';
import type { ResolvedClientConfig } from './resolved-client-config.js';

type JsonObject = Record<string, unknown>;

/**
 * The content of every file, from the resolved config and what each file held (`existing`, by path; absent for a
 * file that does not exist). aws-exports.js and the JavaScript amplifyconfiguration.json hold one object: the JSON
 * file's keys win over the script's when both exist.
 */
export function renderClientConfigFiles(
  config: ResolvedClientConfig,
  files: ClientConfigFile[],
  existing: ReadonlyMap<string, JsonObject>,
): RenderedClientConfigFile[] {
  const jsExisting = (): JsonObject => {
    const json = files.find((file) => file.format === 'gen1-js-json');
    const script = files.find((file) => file.format === 'gen1-aws-exports');
    return (json && existing.get(json.path)) ?? (script && existing.get(script.path)) ?? {};
  };
  return files.map((file) => {
    const sharesJsObject = file.format === 'gen1-aws-exports' || file.format === 'gen1-js-json';
    return { ...file, content: renderFile(file.format, config, sharesJsObject ? jsExisting() : (existing.get(file.path) ?? {})) };
  });
}

function renderFile(format: ClientConfigFormat, config: ResolvedClientConfig, existing: JsonObject): string {
  switch (format) {
    case 'gen1-aws-exports':
      return renderAwsExports(gen1JsConfig(config, existing));
    case 'gen1-js-json':
      return renderAmplifyConfigurationJson(gen1JsConfig(config, existing));
    case 'gen1-native-amplifyconfiguration':
      return renderJson(amplifyConfigurationJson(config, existing), 4);
    case 'gen1-native-awsconfiguration':
      return renderJson(awsConfigurationJson(config, existing), 4);
    case 'gen1-dart':
      return renderDartConfig(GEN1_DART_CONSTANT, amplifyConfigurationJson(config, existing));
    case 'gen2-json':
      return renderJson(amplifyOutputs(config, existing), 2);
    case 'gen2-dart':
      return renderDartConfig(GEN2_DART_CONSTANT, amplifyOutputs(config, existing));
  }
}

/** Gen 1 indents its JSON files with 4 spaces, Gen 2 with 2. */
function renderJson(value: JsonObject, indent: number): string {
  return `${JSON.stringify(value, null, indent)}\n`;
}
