import { describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS } from '../../test/support/client-config-fixtures.js';
import { dartSafeJson, GEN1_DART_CONSTANT, GEN2_DART_CONSTANT, parseDartConfig, renderDartConfig } from './dart-config-format.js';

const hostile = {
  auth: { oauth: { redirect_sign_in_uri: HOSTILE_STRINGS }, [HOSTILE_STRINGS[0]!]: HOSTILE_STRINGS.join('') },
  version: '1.4',
};

/**
 * What Dart makes of `const name = r'''…''';`: a raw string ends at the first `'''` and keeps every other character as
 * it is (no `$` interpolation, no `\` escapes). Returns the string's value, or fails when the file is not exactly one
 * such declaration (text after the closing quotes would be Dart code).
 */
function dartRawStringValue(file: string, name: string): string {
  const body = file.replace(/^(\/\/[^\n]*\n)*/, '');
  const prefix = `const ${name} = r'''`;
  expect(body.startsWith(prefix)).toBe(true);
  const rest = body.slice(prefix.length);
  const end = rest.indexOf("'''");
  expect(rest.slice(end)).toBe("''';\n");
  return rest.slice(0, end);
}

describe('Dart config files', () => {
  it('hold the JSON in a raw string that no value can end early, and decode to the same values', () => {
    for (const name of [GEN1_DART_CONSTANT, GEN2_DART_CONSTANT]) {
      const file = renderDartConfig(name, hostile);
      const value = dartRawStringValue(file, name);
      expect(JSON.parse(value)).toEqual(hostile);
    }
  });

  it('are plain ASCII with no quote, dollar-brace or line separator left raw inside the string', () => {
    const json = dartSafeJson(hostile);
    expect(json).toMatch(/^[\n\x20-\x7e]*$/);
    expect(json).not.toContain("'");
    expect(json).toContain('\\u0027\\u0027\\u0027');
    expect(json).toContain('\\u2028');
    // `$` is literal in a raw string: it may stay.
    expect(JSON.parse(json)).toEqual(hostile);
  });

  it('Gen 1 names the constant amplifyconfig, Gen 2 amplifyConfig, each as the Flutter docs import it', () => {
    expect(renderDartConfig(GEN1_DART_CONSTANT, {})).toContain("const amplifyconfig = r'''{}''';");
    expect(renderDartConfig(GEN2_DART_CONSTANT, {})).toContain("const amplifyConfig = r'''{}''';");
  });

  it("reads back mycli's files and the Amplify CLI's non-raw ones, and nothing else", () => {
    expect(parseDartConfig(renderDartConfig(GEN2_DART_CONSTANT, hostile), GEN2_DART_CONSTANT)).toEqual(hostile);
    const gen1 = `const amplifyconfig = '''{\n    "UserAgent": "aws-amplify-cli/2.0",\n    "Version": "1.0"\n}''';\n`;
    expect(parseDartConfig(gen1, GEN1_DART_CONSTANT)).toEqual({ UserAgent: 'aws-amplify-cli/2.0', Version: '1.0' });
    expect(parseDartConfig(gen1, GEN2_DART_CONSTANT)).toBeUndefined();
    expect(parseDartConfig(`${gen1}\nvoid main() {}\n`, GEN1_DART_CONSTANT)).toBeUndefined();
    expect(parseDartConfig("const amplifyconfig = '''not json''';", GEN1_DART_CONSTANT)).toBeUndefined();
  });
});
