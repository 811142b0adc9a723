import { describe, expect, it } from 'vitest';
import { assertCognitoIds, cognitoIdProblem } from './cognito-ids.js';

describe('cognitoIdProblem', () => {
  it('accepts the shapes AWS documents', () => {
    expect(cognitoIdProblem('userPoolId', 'us-east-1_AcmeUsr01')).toBeUndefined();
    expect(cognitoIdProblem('userPoolId', 'us-gov-west-1_x1')).toBeUndefined();
    expect(cognitoIdProblem('webClientId', '5k2q8v1acmeweb7h3m9x0p4rtd')).toBeUndefined();
    expect(cognitoIdProblem('nativeClientId', 'a_b+c')).toBeUndefined();
    expect(cognitoIdProblem('identityPoolId', 'us-east-1:3f6c2a8e-5b1d-4e7a-9c2f-8d4b6a1e0c57')).toBeUndefined();
  });

  it('names what is expected, the value quoted and escaped', () => {
    expect(cognitoIdProblem('identityPoolId', 'us-east-1:')).toBe(
      "'us-east-1:' is not an identity pool id: <region>:<GUID>, e.g. us-east-1:3f6c2a8e-5b1d-4e7a-9c2f-8d4b6a1e0c57",
    );
    expect(cognitoIdProblem('identityPoolId', 'us-east-1:ABCDEF')).toContain('is not an identity pool id');
    expect(cognitoIdProblem('userPoolId', 'us-east-1')).toContain('is not a user pool id');
    expect(cognitoIdProblem('userPoolId', 'bad id\n')).toBe("'bad id\\n' is not a user pool id: <region>_<letters and digits>, e.g. us-east-1_AbC123xyZ");
    expect(cognitoIdProblem('webClientId', 'abc-def')).toContain('is not an app client id');
    expect(cognitoIdProblem('webClientId', 'a'.repeat(129))).toContain('is not an app client id');
    expect(cognitoIdProblem('userPoolId', `us-east-1_${'a'.repeat(50)}`)).toContain('is not a user pool id');
  });
});

describe('assertCognitoIds', () => {
  const flag = (key: string) => `--${key}`;
  it('passes well-formed and absent ids', () => {
    expect(() => assertCognitoIds({ userPoolId: 'us-east-1_AcmeUsr01', identityPoolId: undefined }, flag, 'fix')).not.toThrow();
  });

  it('refuses as wrong usage (exit 2), every malformed id at once, with where each came from', () => {
    let error: unknown;
    try {
      assertCognitoIds({ userPoolId: 'us-east-1', webClientId: 'ok', identityPoolId: 'us-east-1:' }, flag, 'Copy the ids from the console.');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ exitCode: 2, resolution: 'Copy the ids from the console.' });
    const message = (error as Error).message;
    expect(message).toContain("--userPoolId: 'us-east-1' is not a user pool id");
    expect(message).toContain("--identityPoolId: 'us-east-1:' is not an identity pool id");
    expect(message).not.toContain('--webClientId');
  });
});
