// The proof that the generated API config works: the real aws-amplify v6 client, configured from the files mycli
// wrote, signs the seeded user in against cognito-local and calls the imported APIs on the stub's loopback endpoints,
// which authorize as AppSync and API Gateway do (graphql-endpoint-stub.ts, execute-api-stub.ts): user pool tokens
// checked against the pool and client the API trusts, SigV4 signatures by the identity pool's credentials, and the
// IAM policies push put on the imported roles. The only change to the config: API hosts move into a loopback path.
import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { get } from 'aws-amplify/api';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, demoWorld } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, useEmulatorSuite, type TestProject } from './project-fixture.js';

const REST = 'shopapi';
const { emulators, newProject } = useEmulatorSuite(demoWorld, { workDirPrefix: 'mycli-api-client-' });

afterEach(async () => {
  await signOut();
});

/** `https://<host>/<path>` → `http://127.0.0.1:<port>/<host>/<path>`: the stub serves every API host there. */
function onLoopback(url: string): string {
  const parsed = new URL(url);
  return `${emulators().stub.endpoint}/${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

async function importedProject(): Promise<TestProject> {
  const project = await newProject();
  await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
  await expectSuccess(project.run(['import', 'api', '--yes', '--graphql-api-id', DEMO_IDS.graphqlApiId, '--guest-access', 'read']));
  await expectSuccess(project.run(['import', 'api', '--yes', '--rest-api-id', DEMO_IDS.restApiId, '--stage', 'dev', '--name', REST, '--auth-access', 'read', '--guest-access', 'read', '--path', '/public']));
  await expectSuccess(project.run(['push', '--yes']));
  return project;
}

/** Amplify configured from a generated config, pointed at cognito-local, the identity stub and the loopback API hosts. */
function configureOnLoopback(parsed: ResourcesConfig): void {
  const cognito = parsed.Auth?.Cognito;
  const graphqlApi = parsed.API?.GraphQL;
  const restApi = parsed.API?.REST?.[REST];
  expect(cognito && graphqlApi && restApi).toBeTruthy();
  Amplify.configure({
    ...parsed,
    Auth: { Cognito: { ...cognito, userPoolEndpoint: emulators().cognitoLocal.endpoint, identityPoolEndpoint: emulators().stub.endpoint } },
    API: {
      GraphQL: { ...graphqlApi!, endpoint: onLoopback(graphqlApi!.endpoint) },
      REST: { [REST]: { ...restApi!, endpoint: onLoopback(restApi!.endpoint) } },
    },
  } as ResourcesConfig);
}

async function signInDemoUser(): Promise<void> {
  const { username, password } = DEMO_IDS.demoUser;
  const result = await signIn({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  expect(result.isSignedIn).toBe(true);
}

/** GET through aws-amplify's REST client: the status and the body, a refusal included. */
async function restGet(path: string, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const { statusCode, body } = await get({ apiName: REST, path, options: headers ? { headers } : {} }).response;
    return { status: statusCode, body: (await body.json()) as Record<string, unknown> };
  } catch (error) {
    const response = (error as { response?: { statusCode: number; body?: string } }).response;
    if (!response) throw error;
    return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') as Record<string, unknown> };
  }
}

describe('aws-amplify v6 calls the imported APIs with the generated aws-exports.js', () => {
  it('GraphQL in user-pool mode, REST signed with identity-pool credentials, and as a guest a granted path but not another', async () => {
    const project = await importedProject();
    const config = await project.loadAwsExports();
    Amplify.configure(config);
    const parsed = Amplify.getConfig();
    expect(parsed.API?.GraphQL).toMatchObject({ region: 'us-east-1', defaultAuthMode: 'userPool' });
    expect(parsed.API?.REST?.[REST]).toEqual({ endpoint: `https://${DEMO_IDS.restApiId}.execute-api.us-east-1.amazonaws.com/dev`, region: 'us-east-1' });
    configureOnLoopback(parsed);
    const client = generateClient();

    await signInDemoUser();
    const session = await fetchAuthSession();
    // (a) GraphQL with the user pool: the endpoint accepts only a cognito-local token of the imported pool and web client.
    const me = (await client.graphql({ query: '{ me { sub clientId authorizedBy } }' })) as { data: { me: Record<string, string> } };
    expect(me.data.me).toEqual({ sub: session.tokens?.idToken?.payload.sub, clientId: DEMO_IDS.webClientId, authorizedBy: 'AMAZON_COGNITO_USER_POOLS' });

    // (b) REST signed with the signed-in identity's credentials, issued for the imported authenticated role.
    const signedIn = await restGet('/public/catalog');
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.principal).toBe(`arn:aws:sts::123456789012:assumed-role/${DEMO_IDS.authRoleName}/CognitoIdentityCredentials`);
    expect(emulators().stub.issuedCredentials.get(session.credentials?.accessKeyId ?? '')?.roleArn).toContain(DEMO_IDS.authRoleName);
    // Granted paths only: /items is IAM-authorized but was not granted.
    expect((await restGet('/items')).status).toBe(403);
    // The Cognito-authorized route takes the ID token, which the app passes itself.
    const orders = await restGet('/orders', { Authorization: session.tokens?.idToken?.toString() ?? '' });
    expect(orders).toMatchObject({ status: 200, body: { authorizedBy: 'COGNITO_USER_POOLS' } });

    // (c) As a guest: the guest role's grant on /public, a 403 on a path guests were not given.
    await signOut();
    const guest = await restGet('/public/catalog');
    expect(guest.status, JSON.stringify(guest.body)).toBe(200);
    expect(guest.body.principal).toBe(`arn:aws:sts::123456789012:assumed-role/${DEMO_IDS.unauthRoleName}/CognitoIdentityCredentials`);
    const refused = await restGet('/items');
    expect(refused.status).toBe(403);
    expect(String(refused.body.message)).toContain(`is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:${DEMO_IDS.restApiId}/dev/GET/items`);

    // Guests reach the GraphQL API with IAM for what they were granted (Query), not for what they were not (Mutation).
    const catalog = (await client.graphql({ query: '{ catalog { name } }', authMode: 'iam' })) as { data: { catalog: Array<{ name: string }> } };
    expect(catalog.data.catalog.map((item) => item.name)).toEqual(['lamp', 'chair']);
    await expect(client.graphql({ query: 'mutation { addItem(name: "x") { name } }', authMode: 'iam' })).rejects.toBeDefined();
  });

  it('the GraphQL endpoint refuses a token of a client the API does not admit (the control)', async () => {
    const project = await importedProject();
    Amplify.configure(await project.loadAwsExports());
    configureOnLoopback(Amplify.getConfig());
    await signInDemoUser();
    // The API now admits only the native client: the web client's token must fail.
    emulators().stub.state.graphqlApis.get(DEMO_IDS.graphqlApiId)!.userPoolConfig!.appIdClientRegex = DEMO_IDS.nativeClientId;
    await expect(generateClient().graphql({ query: '{ me { sub } }' })).rejects.toBeDefined();
  });
});

describe('aws-amplify v6 with the generated amplify_outputs.json', () => {
  it('reads data, and custom.API handed over with the README line signs REST calls', async () => {
    const project = await importedProject();
    const outputs = await project.readJson('amplify_outputs.json');
    Amplify.configure(outputs);
    expect(Amplify.getConfig().API?.GraphQL).toMatchObject({ region: 'us-east-1', defaultAuthMode: 'userPool' });
    // The README's line: aws-amplify does not read custom.API by itself.
    Amplify.configure({ ...Amplify.getConfig(), API: { ...Amplify.getConfig().API, REST: outputs.custom.API } });
    configureOnLoopback(Amplify.getConfig());
    await signInDemoUser();
    expect((await restGet('/public/catalog')).status).toBe(200);
    const me = (await generateClient().graphql({ query: '{ me { authorizedBy } }' })) as { data: { me: { authorizedBy: string } } };
    expect(me.data.me.authorizedBy).toBe('AMAZON_COGNITO_USER_POOLS');
  });
});
