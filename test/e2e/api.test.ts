// mycli import api / remove api through the built CLI against cognito-local and the loopback stub (AppSync, API
// Gateway v1 and v2): what is recorded, the app config keys, the exact grants push leaves on the imported roles and
// what those stored documents allow (policy evaluator), refusals that leave the project and AWS unchanged, drift,
// environments, and that nothing outside the imported roles is ever written.
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/core/model.js';
import { evaluate, type Decision } from '../../src/core/policy-evaluator.js';
import { isOwnedPolicyName, normalizePolicyDocument, ownedPolicyPrefix } from '../../src/core/policy-plan.js';
import type { StubCall } from '../support/identity-iam-stub.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { DEMO_IDS, demoWorld, MEMBERS_IDS, withMembersIdentityPool, type World } from '../support/world.js';
import { DEMO_FULL_IMPORT, expectSuccess, type TestProject, useEmulatorSuite } from './project-fixture.js';

const PROJECT = 'shop';
const ENV = 'dev';
const ACCOUNT = '123456789012';
const OWNED = ownedPolicyPrefix(PROJECT, ENV);
const REST = 'acmeshopapi';
const GRAPHQL = 'acmegraphql';
const HTTP = 'acmehttpapi';
const IAM_WRITES = ['PutRolePolicy', 'DeleteRolePolicy'];
const USER_POOL_ONLY_IMPORT = ['import', 'auth', '--yes', '--user-pool-id', DEMO_IDS.userPoolId, '--web-client-id', DEMO_IDS.webClientId];
const MEMBERS = MEMBERS_IDS;

const importRest = (...extra: string[]) => ['import', 'api', '--yes', '--rest-api-id', DEMO_IDS.restApiId, '--stage', 'dev', ...extra];
const importGraphql = (...extra: string[]) => ['import', 'api', '--yes', '--graphql-api-id', DEMO_IDS.graphqlApiId, ...extra];
const importHttp = (...extra: string[]) => ['import', 'api', '--yes', '--http-api-id', DEMO_IDS.httpApiId, ...extra];

const callLog: StubCall[] = [];
const { emulators, newProject, stubRole } = useEmulatorSuite(apiWorld, { workDirPrefix: 'mycli-api-', projectName: PROJECT, afterEachTest: () => drainCalls() });

describe('a REST API with IAM-authorized routes', () => {
  it('imports headless: records, app config; push grants exactly the chosen routes of the stage; remove takes them off', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const imported = await expectSuccess(project.run(importRest('--auth-access', 'create,read', '--guest-access', 'read', '--path', '/items', '--path', '/public')));
    expect(imported.stderr).toContain(`REST API (API Gateway) 'acme-shop-api' (${DEMO_IDS.restApiId}), stage 'dev' (us-east-1) imported as api '${REST}'`);
    expect(imported.stderr).toContain('GET /orders expects the ID token');

    expect((await project.readJson('amplify/backend/backend-config.json')).api[REST]).toEqual({
      service: 'API Gateway',
      serviceType: 'imported',
      providerPlugin: 'awscloudformation',
      dependsOn: [{ category: 'auth', resourceName: PROJECT, attributes: ['UserPoolId', 'IdentityPoolId'] }],
    });
    expect(await project.readJson(`amplify/backend/api/${REST}/parameters.json`)).toEqual({
      resourceName: REST, serviceType: 'imported', apiType: 'REST', authAccess: ['create', 'read'], guestAccess: ['read'], paths: ['/items', '/public'], apiKeyInConfig: false,
    });
    expect((await project.readJson('amplify/team-provider-info.json'))[ENV].categories.api[REST]).toEqual({
      apiId: DEMO_IDS.restApiId, apiName: 'acme-shop-api', region: 'us-east-1', stage: 'dev',
    });
    const config = await project.loadAwsExports();
    expect(config.aws_cloud_logic_custom).toEqual([{ name: REST, endpoint: `https://${DEMO_IDS.restApiId}.execute-api.us-east-1.amazonaws.com/dev`, region: 'us-east-1' }]);
    expect(await project.readJson('src/amplifyconfiguration.json')).toEqual(config);
    expect((await project.readJson('amplify_outputs.json')).custom).toEqual({
      API: { [REST]: { endpoint: `https://${DEMO_IDS.restApiId}.execute-api.us-east-1.amazonaws.com/dev`, region: 'us-east-1', apiName: REST } },
    });

    drainCalls();
    const pushed = await expectSuccess(project.run(['push', '--yes']));
    const auth = ownedPoliciesOn(DEMO_IDS.authRoleName);
    const guest = ownedPoliciesOn(DEMO_IDS.unauthRoleName);
    expect(Object.keys(auth)).toEqual([`${OWNED}api-${REST}-auth`]);
    expect(Object.keys(guest)).toEqual([`${OWNED}api-${REST}-guest`]);
    const arn = (stage: string, method: string, path: string, apiId: string = DEMO_IDS.restApiId) => `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/${stage}/${method}${path}`;
    expect(resourcesOf(auth)).toEqual([arn('dev', 'GET', '/items'), arn('dev', 'GET', '/items/*'), arn('dev', 'GET', '/public/catalog'), arn('dev', 'POST', '/items')]);
    expect(pushed.stderr).toContain(`+ add    ${OWNED}api-${REST}-auth`);
    expect(writeCalls(drainCalls())).toHaveLength(2);

    const invoke = (policies: Record<string, PolicyDocument>, resource: string): Decision =>
      evaluate(Object.values(policies), { action: 'execute-api:Invoke', resource, context: {} });
    expect(invoke(auth, arn('dev', 'GET', '/items/42'))).toBe('allow');
    expect(invoke(auth, arn('dev', 'POST', '/items'))).toBe('allow');
    expect(invoke(auth, arn('dev', 'DELETE', '/items/42'))).toBe('implicit-deny');
    expect(invoke(auth, arn('prod', 'GET', '/items'))).toBe('implicit-deny');
    expect(invoke(auth, arn('dev', 'GET', '/items', DEMO_IDS.legacyRestApiId))).toBe('implicit-deny');
    expect(invoke(guest, arn('dev', 'GET', '/public/catalog'))).toBe('allow');
    expect(invoke(guest, arn('dev', 'POST', '/items'))).toBe('implicit-deny');

    // A second push changes nothing; status has the API row.
    await expectSuccess(project.run(['push', '--yes']));
    expect(writeCalls(drainCalls())).toEqual([]);
    expect(await statusRows(project)).toEqual([
      expect.objectContaining({ category: 'api', resourceName: REST, operation: 'No Change' }),
      expect.objectContaining({ category: 'auth', resourceName: PROJECT, operation: 'No Change' }),
    ]);

    await expectSuccess(project.run(['remove', 'api', REST, '--yes']));
    expect(await project.loadAwsExports()).not.toHaveProperty('aws_cloud_logic_custom');
    expect(await project.readJson('amplify_outputs.json')).not.toHaveProperty('custom');
    expect(await statusRows(project)).toContainEqual(expect.objectContaining({ category: 'api', resourceName: REST, operation: 'Unlink' }));
    await expectSuccess(project.run(['push', '--yes']));
    expect(ownedPoliciesOn(DEMO_IDS.authRoleName)).toEqual({});
    expect(ownedPoliciesOn(DEMO_IDS.unauthRoleName)).toEqual({});
    expect(Object.keys(stubRole(DEMO_IDS.authRoleName).inlinePolicies)).toEqual(['acme-identities-auth-base']);
  });

  it('keeps hand-added aws_cloud_logic_custom entries next to its own', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const config = await project.readJson('src/amplifyconfiguration.json');
    const handMade = { name: 'legacy', endpoint: 'https://legacy.example.com/v1', region: 'us-east-1' };
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${project.dir}/src/amplifyconfiguration.json`, JSON.stringify({ ...config, aws_cloud_logic_custom: [handMade] }));
    await expectSuccess(project.run(importRest('--auth-access', 'read')));
    expect((await project.readJson('src/amplifyconfiguration.json')).aws_cloud_logic_custom).toEqual([handMade, expect.objectContaining({ name: REST })]);
    await expectSuccess(project.run(['push', '--yes']));
    expect((await project.loadAwsExports()).aws_cloud_logic_custom).toEqual([handMade, expect.objectContaining({ name: REST })]);
  });
});

describe('a GraphQL API', () => {
  it('imports with user pools as the app mode, the API key only with --api-key; guests get Query/Subscription; one per project', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const imported = await expectSuccess(project.run(importGraphql('--api-key', '--guest-access', 'read')));
    expect(imported.stderr).toContain('public by design');
    expect(await project.loadAwsExports()).toMatchObject({
      aws_appsync_graphqlEndpoint: `https://${DEMO_IDS.graphqlApiId}.appsync-api.us-east-1.amazonaws.com/graphql`,
      aws_appsync_region: 'us-east-1',
      aws_appsync_authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      aws_appsync_apiKey: DEMO_IDS.graphqlApiKey,
    });
    expect((await project.readJson('amplify_outputs.json')).data).toEqual({
      url: `https://${DEMO_IDS.graphqlApiId}.appsync-api.us-east-1.amazonaws.com/graphql`,
      aws_region: 'us-east-1',
      api_key: DEMO_IDS.graphqlApiKey,
      default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
      authorization_types: ['AWS_IAM', 'API_KEY'],
    });
    // The key stays out of the committed files.
    for (const file of ['amplify/team-provider-info.json', 'amplify/backend/backend-config.json', `amplify/backend/api/${GRAPHQL}/parameters.json`]) {
      expect(await project.readText(file)).not.toContain(DEMO_IDS.graphqlApiKey);
    }

    await expectSuccess(project.run(['push', '--yes']));
    expect(ownedPoliciesOn(DEMO_IDS.authRoleName)).toEqual({});
    const guest = ownedPoliciesOn(DEMO_IDS.unauthRoleName);
    const field = (type: string, apiId: string = DEMO_IDS.graphqlApiId) => `arn:aws:appsync:us-east-1:${ACCOUNT}:apis/${apiId}/types/${type}/fields/items`;
    const call = (resource: string) => evaluate(Object.values(guest), { action: 'appsync:GraphQL', resource, context: {} });
    expect(call(field('Query'))).toBe('allow');
    expect(call(field('Mutation'))).toBe('implicit-deny');
    expect(call(field('Query', DEMO_IDS.euGraphqlApiId))).toBe('implicit-deny');
    expect(await project.loadAwsExports()).toMatchObject({ aws_appsync_apiKey: DEMO_IDS.graphqlApiKey });

    const second = await expectUnchangedRefusal(project, ['import', 'api', '--yes', '--graphql-api-id', DEMO_IDS.euGraphqlApiId, '--region', 'eu-west-1']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`already imports GraphQL API '${GRAPHQL}'`);
  });

  it('imports an API of another region with that region in the config', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(['import', 'api', '--yes', '--graphql-api-id', DEMO_IDS.euGraphqlApiId, '--region', 'eu-west-1', '--auth-access', 'read']));
    expect(await project.loadAwsExports()).toMatchObject({ aws_project_region: 'us-east-1', aws_appsync_region: 'eu-west-1', aws_appsync_authenticationType: 'AMAZON_COGNITO_USER_POOLS' });
    await expectSuccess(project.run(['push', '--yes']));
    expect(resourcesOf(ownedPoliciesOn(DEMO_IDS.authRoleName))).toEqual([
      `arn:aws:appsync:eu-west-1:${ACCOUNT}:apis/${DEMO_IDS.euGraphqlApiId}/types/Query/*`,
      `arn:aws:appsync:eu-west-1:${ACCOUNT}:apis/${DEMO_IDS.euGraphqlApiId}/types/Subscription/*`,
    ]);
  });
});

describe('an HTTP API authorized by a JWT of the pool', () => {
  it('needs no IAM grant for its JWT routes; IAM access to its IAM route is a policy on ANY methods', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const imported = await expectSuccess(project.run(importHttp('--stage', '$default', '--auth-access', 'read', '--name', HTTP)));
    expect(imported.stderr).toContain('GET /profile expects an ID or access token');
    expect((await project.loadAwsExports()).aws_cloud_logic_custom).toEqual([{ name: HTTP, endpoint: `https://${DEMO_IDS.httpApiId}.execute-api.us-east-1.amazonaws.com`, region: 'us-east-1' }]);
    await expectSuccess(project.run(['push', '--yes']));
    expect(resourcesOf(ownedPoliciesOn(DEMO_IDS.authRoleName))).toEqual([`arn:aws:execute-api:us-east-1:${ACCOUNT}:${DEMO_IDS.httpApiId}/$default/GET/reports/*`]);
  });
});

describe('refusals leave the project and AWS unchanged', () => {
  it('a REST API whose authorizer trusts another pool: exit 1 with the update-authorizer fix', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const refused = await expectUnchangedRefusal(project, ['import', 'api', '--yes', '--rest-api-id', DEMO_IDS.legacyRestApiId, '--stage', 'prod']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(DEMO_IDS.legacyUserPoolId);
    expect(refused.stderr).toContain(`aws apigateway update-authorizer --rest-api-id ${DEMO_IDS.legacyRestApiId} --authorizer-id leg1`);
  });

  it('a stage that does not exist, a WebSocket API, an id that is not there', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const stage = await expectUnchangedRefusal(project, importRest('--stage', 'qa'));
    expect(stage.stderr).toContain("has no stage 'qa'; its stages are dev, prod");
    const websocket = await expectUnchangedRefusal(project, ['import', 'api', '--yes', '--http-api-id', DEMO_IDS.websocketApiId, '--stage', 'production']);
    expect(websocket.stderr).toContain('WebSocket API');
    const missing = await expectUnchangedRefusal(project, ['import', 'api', '--yes', '--rest-api-id', 'nosuchapi0', '--stage', 'dev']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('aws apigateway get-rest-apis --region us-east-1');
  });

  it('IAM access on a user-pool-only import, guest access without a guest role, access to an API with no IAM part, a path with no IAM route', async () => {
    const userPoolOnly = await newProject();
    await expectSuccess(userPoolOnly.run(USER_POOL_ONLY_IMPORT));
    const noIdentityPool = await expectUnchangedRefusal(userPoolOnly, importRest('--auth-access', 'read'));
    expect(noIdentityPool.code).toBe(1);
    expect(noIdentityPool.stderr).toContain('--identity-pool-id');

    const members = await newProject();
    await expectSuccess(members.run([...DEMO_FULL_IMPORT.slice(0, -1), MEMBERS.identityPoolId]));
    const noGuestRole = await expectUnchangedRefusal(members, importRest('--auth-access', 'read', '--guest-access', 'read'));
    expect(noGuestRole.stderr).toContain('Guest access needs the unauthenticated role');

    const jwtOnly = await newProject();
    await expectSuccess(jwtOnly.run([...DEMO_FULL_IMPORT]));
    emulators().stub.state.httpApis.get(DEMO_IDS.httpApiId)!.routes.pop();
    const noIam = await expectUnchangedRefusal(jwtOnly, importHttp('--stage', '$default', '--auth-access', 'read'));
    expect(noIam.code).toBe(2);
    expect(noIam.stderr).toContain('authorizes nothing with IAM');
    const path = await expectUnchangedRefusal(jwtOnly, importRest('--auth-access', 'read', '--path', '/orders'));
    expect(path.stderr).toContain('No IAM-authorized route');
    expect(path.stderr).toContain('/items/{id}');
  });

  it('contradicting or missing flags: exit 2 naming the flag', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    expect((await expectUnchangedRefusal(project, ['import', 'api', '--yes'])).stderr).toContain('--graphql-api-id <id>');
    const both = await expectUnchangedRefusal(project, ['import', 'api', '--yes', '--rest-api-id', 'a', '--graphql-api-id', 'b']);
    expect(both.code).toBe(2);
    const stage = await expectUnchangedRefusal(project, ['import', 'api', '--yes', '--rest-api-id', DEMO_IDS.restApiId, '--auth-access', 'read']);
    expect(stage.code).toBe(2);
    expect(stage.stderr).toContain('--stage <name> (one of dev, prod)');
    expect((await expectUnchangedRefusal(project, importGraphql('--stage', 'dev'))).code).toBe(2);
  });

  it('an API without imported auth', async () => {
    const project = await newProject();
    const refused = await expectUnchangedRefusal(project, importGraphql());
    expect(refused.stderr).toContain('mycli import auth');
  });
});

describe('push re-describes each API and refuses on drift before any change', () => {
  it.each([
    ['a deleted API', () => emulators().stub.state.restApis.delete(DEMO_IDS.restApiId), 'no longer exists'],
    ['a deleted stage', () => void (emulators().stub.state.restApis.get(DEMO_IDS.restApiId)!.stages = ['prod']), "has no stage 'dev'"],
    ['an authorizer that no longer trusts the pool', () => void (emulators().stub.state.restApis.get(DEMO_IDS.restApiId)!.authorizers![0]!.providerARNs = []), 'not the imported user pool'],
    ['a granted path that is gone', () => void (emulators().stub.state.restApis.get(DEMO_IDS.restApiId)!.methods = emulators().stub.state.restApis.get(DEMO_IDS.restApiId)!.methods.filter((method) => !method.path.startsWith('/public'))), 'No IAM-authorized route'],
  ])('%s', async (_what, drift, message) => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(importRest('--auth-access', 'read', '--path', '/public')));
    await expectSuccess(project.run(['push', '--yes']));
    await expectSuccess(project.run(['remove', 'api', REST, '--yes']));
    await expectSuccess(project.run(importRest('--auth-access', 'create,read', '--path', '/public')));
    drift();
    const refused = await expectUnchangedRefusal(project, ['push', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Push stopped');
    expect(refused.stderr).toContain(message);
    expect(refused.stderr).toContain('mycli remove api');
    // The policy of the first push is still as it was.
    expect(Object.keys(ownedPoliciesOn(DEMO_IDS.authRoleName))).toEqual([`${OWNED}api-${REST}-auth`]);
  });
});

describe('environments and auth', () => {
  it('env add keeps the API, or takes another stage from --categories; env checkout switches the config', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    await expectSuccess(project.run(importRest('--auth-access', 'read')));
    await expectSuccess(project.run(['env', 'add', 'test', '--yes']));
    expect((await project.readJson('amplify/team-provider-info.json')).test.categories.api[REST]).toMatchObject({ stage: 'dev' });

    const refused = await runCli(['env', 'add', 'prod', '--yes', '--categories', '{"api":{"nosuch":{"apiId":"x"}}}'], { cwd: project.dir, env: emulators().env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Use the names of the imported APIs: ${REST}`);

    await expectSuccess(project.run(['env', 'add', 'prod', '--yes', '--categories', JSON.stringify({ api: { [REST]: { apiId: DEMO_IDS.restApiId, stage: 'prod' } } })]));
    expect((await project.readJson('amplify/team-provider-info.json')).prod.categories.api[REST]).toEqual({ apiId: DEMO_IDS.restApiId, apiName: 'acme-shop-api', region: 'us-east-1', stage: 'prod' });
    expect((await project.loadAwsExports()).aws_cloud_logic_custom[0].endpoint).toMatch(/\/prod$/);
    await expectSuccess(project.run(['push', '--yes']));
    const prodPolicies = Object.entries(stubRole(DEMO_IDS.authRoleName).inlinePolicies).filter(([name]) => name.startsWith(ownedPolicyPrefix(PROJECT, 'prod')));
    expect(prodPolicies.flatMap(([, document]) => resourcesOf({ p: document as PolicyDocument })).every((resource) => resource.includes('/prod/'))).toBe(true);

    await expectSuccess(project.run(['env', 'checkout', ENV]));
    expect((await project.loadAwsExports()).aws_cloud_logic_custom[0].endpoint).toMatch(/\/dev$/);
  });

  it('remove auth refuses while an API depends on it, naming remove api', async () => {
    const project = await newProject();
    await expectSuccess(project.run([...DEMO_FULL_IMPORT]));
    const imported = await expectSuccess(project.run(importHttp('--stage', '$default', '--auth-access', 'none')));
    // Its IAM routes got no access: the next step says how to grant some, not that the API needs no policy.
    expect(imported.stderr).toContain("no IAM access was granted to its IAM-authorized parts: to grant some, `mycli remove api acmehttpapi`, then import it again with --auth-access or --guest-access");
    const refused = await expectUnchangedRefusal(project, ['remove', 'auth', '--yes']);
    expect(refused.stderr).toContain("api 'acmehttpapi'");
    expect(refused.stderr).toContain('mycli remove api');
  });
});

// Vitest runs a file's tests in order: this one sees the whole file's calls.
describe('only the imported roles are modified', () => {
  it('every role policy write of this file went to an imported role', () => {
    drainCalls();
    const writes = writeCalls(callLog);
    expect(writes.length).toBeGreaterThan(0);
    for (const call of writes) expect([DEMO_IDS.authRoleName, DEMO_IDS.unauthRoleName, MEMBERS.authRoleName]).toContain(call.params['RoleName']);
    expect(callLog.filter((call) => call.service === 'apigateway' || call.service === 'apigatewayv2' || call.service === 'appsync').every((call) => /^(Get|List)/.test(call.operation))).toBe(true);
  });
});

// ---------- helpers ----------

function apiWorld(): World {
  return withMembersIdentityPool(demoWorld());
}

async function expectUnchangedRefusal(project: TestProject, args: string[]): Promise<CliResult> {
  const before = await project.snapshot();
  drainCalls();
  const result = await runCli(args, { cwd: project.dir, env: emulators().env });
  expect(result.code, result.stderr).not.toBe(0);
  expect(writeCalls(drainCalls())).toEqual([]);
  expect(await project.snapshot()).toEqual(before);
  return result;
}

async function statusRows(project: TestProject): Promise<Array<Record<string, unknown>>> {
  const result = await expectSuccess(project.run(['status', '--json']));
  return (JSON.parse(result.stdout) as { resources: Array<Record<string, unknown>> }).resources;
}

function drainCalls(): StubCall[] {
  const calls = [...emulators().stub.calls];
  callLog.push(...calls);
  emulators().stub.resetCalls();
  return calls;
}

function writeCalls(calls: StubCall[]): StubCall[] {
  return calls.filter((call) => IAM_WRITES.includes(call.operation));
}

function ownedPoliciesOn(roleName: string): Record<string, PolicyDocument> {
  return Object.fromEntries(
    Object.entries(stubRole(roleName).inlinePolicies)
      .filter(([name]) => isOwnedPolicyName(name, OWNED))
      .map(([name, document]) => [name, normalizePolicyDocument(document as PolicyDocument)]),
  );
}

function resourcesOf(policies: Record<string, PolicyDocument>): string[] {
  return Object.values(policies)
    .flatMap((document) => [document.Statement].flat())
    .flatMap((statement) => [statement.Resource ?? []].flat())
    .sort();
}
