// The page the browser test loads: it imports the app config exactly as an app does (the generated file, bundled),
// configures aws-amplify v6 with it, signs the seeded user in and shows the tokens' user and the AWS credentials.
// Bundled by esbuild with the config file aliased as `app-config`; the local endpoints come from the query string,
// since the generated file names real Cognito.
import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import appConfig from 'app-config';

const status = document.getElementById('status')!;
const show = (id: string, text: string) => {
  document.getElementById(id)!.textContent = text;
};

async function run(): Promise<void> {
  const query = new URLSearchParams(location.search);
  Amplify.configure(appConfig as ResourcesConfig);
  const cognito = Amplify.getConfig().Auth!.Cognito;
  show('client', String(cognito.userPoolClientId));
  Amplify.configure({
    ...Amplify.getConfig(),
    Auth: { Cognito: { ...cognito, userPoolEndpoint: query.get('userPoolEndpoint')!, identityPoolEndpoint: query.get('identityPoolEndpoint')! } },
  } as ResourcesConfig);
  const result = await signIn({ username: query.get('username')!, password: query.get('password')!, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  if (!result.isSignedIn) throw new Error(`not signed in: ${result.nextStep.signInStep}`);
  const session = await fetchAuthSession();
  show('user', String(session.tokens?.idToken?.payload['email']));
  show('identity', String(session.identityId));
  show('credentials', session.credentials?.accessKeyId ? 'yes' : 'no');
  await signOut();
  status.textContent = 'signed-in';
}

run().catch((error: unknown) => {
  status.textContent = `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
});
