// An environment created before auth was imported has no auth resources of its own: checkout (and push) say
// which ids to give, and checkout with those ids imports them for that environment.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../support/world.js';
import { expectSuccess, useEmulatorSuite } from './project-fixture.js';
import { lifecycleWorld, STAGING_IDS } from './lifecycle-world.js';

const suite = useEmulatorSuite(lifecycleWorld, { workDirPrefix: 'mycli-env-checkout-' });

const devImport = [
  'import', 'auth', '--yes',
  '--user-pool-id', DEMO_IDS.userPoolId,
  '--web-client-id', DEMO_IDS.webClientId,
  '--identity-pool-id', DEMO_IDS.identityPoolId,
];

describe('env checkout of an environment that predates the auth import', () => {
  it('names the ids to give, then imports them for that environment', async () => {
    const project = await suite.newProject();
    await expectSuccess(project.run(['env', 'add', 'prod', '--yes']));
    await expectSuccess(project.run(['env', 'checkout', 'dev']));
    await expectSuccess(project.run(devImport));

    const before = await project.snapshot();
    const refused = await project.run(['env', 'checkout', 'prod']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Environment 'prod' has no resources for auth 'shop' yet");
    expect(refused.stderr).toContain('mycli env checkout prod --user-pool-id <id> --web-client-id <id> --identity-pool-id <id>');
    expect(await project.snapshot()).toEqual(before);

    await expectSuccess(
      project.run([
        'env', 'checkout', 'prod',
        '--user-pool-id', STAGING_IDS.userPoolId,
        '--web-client-id', STAGING_IDS.webClientId,
        '--identity-pool-id', STAGING_IDS.identityPoolId,
      ]),
    );
    expect((await project.loadAwsExports()).aws_user_pools_id).toBe(STAGING_IDS.userPoolId);
    const teamProvider = await project.readJson('amplify/team-provider-info.json');
    expect(teamProvider.prod.categories.auth.shop.userPoolId).toBe(STAGING_IDS.userPoolId);
    expect(teamProvider.dev.categories.auth.shop.userPoolId).toBe(DEMO_IDS.userPoolId);

    await expectSuccess(project.run(['push', '--yes']));
    await expectSuccess(project.run(['env', 'checkout', 'dev']));
    expect((await project.loadAwsExports()).aws_user_pools_id).toBe(DEMO_IDS.userPoolId);
  });

  it('push in such an environment says how to give it resources', async () => {
    const project = await suite.newProject();
    await expectSuccess(project.run(['env', 'add', 'prod', '--yes']));
    await expectSuccess(project.run(['env', 'checkout', 'dev']));
    await expectSuccess(project.run(devImport));
    // Switch without checkout's checks, as a teammate's clone would be on 'prod'.
    const localEnvInfo = path.join(project.dir, 'amplify', '.config', 'local-env-info.json');
    await writeFile(localEnvInfo, JSON.stringify({ projectPath: project.dir, defaultEditor: 'none', envName: 'prod' }));

    const pushed = await project.run(['push', '--yes']);
    expect(pushed.code).toBe(1);
    expect(pushed.stderr).toContain("Environment 'prod' has no userPoolId, webClientId, nativeClientId, identityPoolId for auth resource 'shop'");
    expect(pushed.stderr).toContain('mycli env checkout prod --user-pool-id <id>');
  });
});
