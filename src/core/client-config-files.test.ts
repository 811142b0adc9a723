import { describe, expect, it } from 'vitest';
import { metaOf, REGION, richCandidate } from '../../test/support/client-config-fixtures.js';
import { clientConfigFiles, parseClientConfigFile } from './client-config-files.js';
import { renderClientConfigFiles } from './client-config-render.js';
import { frontendSettings, type OutputsChoice } from './frontend-settings.js';
import { resolveClientConfig } from './resolved-client-config.js';

const paths = (settings: Parameters<typeof frontendSettings>[0]) => clientConfigFiles(frontendSettings(settings)).map((file) => file.path);

describe('which files each frontend gets', () => {
  it.each<[string, Parameters<typeof frontendSettings>[0], string[]]>([
    ['javascript', { frontend: 'javascript' }, ['src/aws-exports.js', 'src/amplifyconfiguration.json', 'amplify_outputs.json']],
    ['javascript in ./web', { frontend: 'javascript', sourceDir: './web/' }, ['web/aws-exports.js', 'web/amplifyconfiguration.json', 'amplify_outputs.json']],
    ['android', { frontend: 'android' }, [
      'app/src/main/res/raw/amplifyconfiguration.json',
      'app/src/main/res/raw/awsconfiguration.json',
      'app/src/main/res/raw/amplify_outputs.json',
    ]],
    ['ios', { frontend: 'ios' }, ['amplifyconfiguration.json', 'awsconfiguration.json', 'amplify_outputs.json']],
    ['flutter', { frontend: 'flutter' }, ['lib/amplifyconfiguration.dart', 'lib/amplify_outputs.dart']],
  ])('%s', (_, settings, expected) => {
    expect(paths(settings)).toEqual(expected);
  });

  it.each<[OutputsChoice, string[]]>([
    ['gen1', ['lib/amplifyconfiguration.dart']],
    ['gen2', ['lib/amplify_outputs.dart']],
    ['both', ['lib/amplifyconfiguration.dart', 'lib/amplify_outputs.dart']],
  ])('--outputs %s', (outputs, expected) => {
    expect(paths({ frontend: 'flutter', outputs })).toEqual(expected);
  });

  it('refuses folders outside the project and flags of another frontend', () => {
    expect(() => frontendSettings({ frontend: 'javascript', sourceDir: '../elsewhere' })).toThrow(/inside the app's root folder/);
    expect(() => frontendSettings({ frontend: 'android', resDir: '/abs/res' })).toThrow(/--res-dir/);
    expect(() => frontendSettings({ frontend: 'android', sourceDir: 'src' })).toThrow(/--source-dir does not apply/);
    expect(() => frontendSettings({ frontend: 'ios', resDir: 'x' })).toThrow(/--res-dir does not apply to the ios frontend/);
  });
});

describe('rendering every file from one resolved config', () => {
  const { config } = resolveClientConfig({ frontend: 'javascript', projectRegion: REGION, authMeta: metaOf(richCandidate()) });

  it('gives aws-exports.js and amplifyconfiguration.json one object, taken from the JSON file first', () => {
    const files = clientConfigFiles(frontendSettings({ frontend: 'javascript' }));
    const existing = new Map([
      ['src/aws-exports.js', { aws_project_region: REGION, from_script: 1 }],
      ['src/amplifyconfiguration.json', { aws_project_region: REGION, from_json: 1 }],
    ]);
    const rendered = renderClientConfigFiles(config, files, existing);
    const script = parseClientConfigFile('gen1-aws-exports', rendered[0]!.content);
    const json = parseClientConfigFile('gen1-js-json', rendered[1]!.content);
    expect(script).toEqual(json);
    expect(json).toHaveProperty('from_json', 1);
    expect(json).not.toHaveProperty('from_script');
    expect(parseClientConfigFile('gen2-json', rendered[2]!.content)).toMatchObject({ version: '1.4' });
  });

  it('reads back what it rendered, in every format', () => {
    for (const frontend of ['javascript', 'android', 'ios', 'flutter'] as const) {
      const files = clientConfigFiles(frontendSettings({ frontend }));
      for (const file of renderClientConfigFiles({ ...config, frontend }, files, new Map())) {
        expect(parseClientConfigFile(file.format, file.content), file.path).toBeDefined();
      }
    }
  });
});
