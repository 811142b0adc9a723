import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyStatement } from './model.js';
import { evaluate, type S3Request } from './policy-evaluator.js';

const SUB = 'cognito-identity.amazonaws.com:sub';
const ME = 'us-east-1:aaaaaaaa-0000-0000-0000-000000000001';

function policy(...statements: Array<PolicyStatement | Record<string, unknown>>): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements as PolicyStatement[] };
}

function request(action: string, resource: string, context: Record<string, string> = {}): S3Request {
  return { action, resource, context };
}

describe('evaluate: effects', () => {
  const allowGet = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

  it('is an implicit deny when nothing matches, including with no policies', () => {
    expect(evaluate([], request('s3:GetObject', 'arn:aws:s3:::b/k'))).toBe('implicit-deny');
    expect(evaluate([policy(allowGet)], request('s3:PutObject', 'arn:aws:s3:::b/k'))).toBe('implicit-deny');
  });

  it('allows what an Allow statement matches', () => {
    expect(evaluate([policy(allowGet)], request('s3:GetObject', 'arn:aws:s3:::b/k'))).toBe('allow');
  });

  it('lets an explicit deny win whatever the order of policies and statements', () => {
    const deny = { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::b/secret/*' };
    const secret = request('s3:GetObject', 'arn:aws:s3:::b/secret/k');
    expect(evaluate([policy(allowGet), policy(deny)], secret)).toBe('explicit-deny');
    expect(evaluate([policy(deny), policy(allowGet)], secret)).toBe('explicit-deny');
    expect(evaluate([policy(allowGet, deny)], secret)).toBe('explicit-deny');
    expect(evaluate([policy(allowGet, deny)], request('s3:GetObject', 'arn:aws:s3:::b/open'))).toBe('allow');
  });

  it('accepts a single statement object as well as an array', () => {
    expect(evaluate([{ Version: '2012-10-17', Statement: allowGet as PolicyStatement }], request('s3:GetObject', 'arn:aws:s3:::b/k'))).toBe(
      'allow',
    );
  });
});

describe('evaluate: actions', () => {
  const on = (action: string | string[], extra: Record<string, unknown> = {}) =>
    policy({ Effect: 'Allow', Action: action, Resource: '*', ...extra });

  it('matches action names case-insensitively', () => {
    expect(evaluate([on('S3:getobject')], request('s3:GetObject', 'arn:aws:s3:::b/k'))).toBe('allow');
  });

  it('supports * and ? in actions, without matching other services', () => {
    expect(evaluate([on('s3:Get*')], request('s3:GetObjectAcl', 'x'))).toBe('allow');
    expect(evaluate([on('s3:?etObject')], request('s3:GetObject', 'x'))).toBe('allow');
    expect(evaluate([on('s3:?etObject')], request('s3:PutObject', 'x'))).toBe('implicit-deny');
    expect(evaluate([on('s3:Get*')], request('s3:PutObject', 'x'))).toBe('implicit-deny');
    expect(evaluate([on('s3:*')], request('iam:PassRole', 'x'))).toBe('implicit-deny');
  });

  it('treats an action list as alternatives', () => {
    expect(evaluate([on(['s3:PutObject', 's3:DeleteObject'])], request('s3:DeleteObject', 'x'))).toBe('allow');
  });

  it('supports NotAction', () => {
    const allExceptDelete = policy({ Effect: 'Allow', NotAction: 's3:Delete*', Resource: '*' });
    expect(evaluate([allExceptDelete], request('s3:GetObject', 'x'))).toBe('allow');
    expect(evaluate([allExceptDelete], request('s3:DeleteObject', 'x'))).toBe('implicit-deny');
  });
});

describe('evaluate: resources', () => {
  const onResource = (resource: string | string[], version = '2012-10-17'): PolicyDocument => ({
    Version: version,
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }],
  });

  it('matches resources case-sensitively with * spanning "/"', () => {
    expect(evaluate([onResource('arn:aws:s3:::b/public/*')], request('s3:GetObject', 'arn:aws:s3:::b/public/a/b.png'))).toBe('allow');
    expect(evaluate([onResource('arn:aws:s3:::b/public/*')], request('s3:GetObject', 'arn:aws:s3:::b/Public/a.png'))).toBe('implicit-deny');
    expect(evaluate([onResource('arn:aws:s3:::b/public/*')], request('s3:GetObject', 'arn:aws:s3:::b/publicity'))).toBe('implicit-deny');
  });

  it('does not confuse a bucket with another whose name starts the same', () => {
    expect(evaluate([onResource('arn:aws:s3:::b/*')], request('s3:GetObject', 'arn:aws:s3:::b2/k'))).toBe('implicit-deny');
    expect(evaluate([onResource('arn:aws:s3:::b')], request('s3:GetObject', 'arn:aws:s3:::b/k'))).toBe('implicit-deny');
  });

  it('matches ? as exactly one character', () => {
    expect(evaluate([onResource('arn:aws:s3:::b/k?')], request('s3:GetObject', 'arn:aws:s3:::b/k1'))).toBe('allow');
    expect(evaluate([onResource('arn:aws:s3:::b/k?')], request('s3:GetObject', 'arn:aws:s3:::b/k12'))).toBe('implicit-deny');
  });

  it('does not let * cross the fixed ":" segments of an ARN', () => {
    const pattern = onResource('arn:aws:cognito-idp:us-east-1:*:userpool/p');
    expect(evaluate([pattern], request('s3:GetObject', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/p'))).toBe('allow');
    expect(evaluate([pattern], request('s3:GetObject', 'arn:aws:cognito-idp:us-east-1:1:2:userpool/p'))).toBe('implicit-deny');
  });

  it('supports NotResource', () => {
    const notSecret: PolicyDocument = policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/secret/*' });
    expect(evaluate([notSecret], request('s3:GetObject', 'arn:aws:s3:::b/open'))).toBe('allow');
    expect(evaluate([notSecret], request('s3:GetObject', 'arn:aws:s3:::b/secret/k'))).toBe('implicit-deny');
  });

  it('substitutes policy variables from the context, case-insensitively by key', () => {
    const own = onResource('arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*');
    expect(evaluate([own], request('s3:GetObject', `arn:aws:s3:::b/private/${ME}/k`, { [SUB]: ME }))).toBe('allow');
    expect(evaluate([own], request('s3:GetObject', `arn:aws:s3:::b/private/${ME}/k`, { [SUB.toUpperCase()]: ME }))).toBe('allow');
    expect(evaluate([own], request('s3:GetObject', 'arn:aws:s3:::b/private/someone-else/k', { [SUB]: ME }))).toBe('implicit-deny');
  });

  it('makes the statement not apply when a variable is missing from the context', () => {
    const own = onResource(['arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*', 'arn:aws:s3:::b/public/*']);
    expect(evaluate([own], request('s3:GetObject', 'arn:aws:s3:::b/public/k'))).toBe('implicit-deny');
    expect(evaluate([own], request('s3:GetObject', 'arn:aws:s3:::b/public/k', { [SUB]: ME }))).toBe('allow');
  });

  it('treats a variable value as literal text, never as a wildcard', () => {
    const own = onResource('arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*');
    expect(evaluate([own], request('s3:GetObject', 'arn:aws:s3:::b/private/victim/k', { [SUB]: '*' }))).toBe('implicit-deny');
  });

  it('reads ${*}, ${?} and ${$} as literal characters', () => {
    const literal = onResource('arn:aws:s3:::b/${*}${?}${$}');
    expect(evaluate([literal], request('s3:GetObject', 'arn:aws:s3:::b/*?$'))).toBe('allow');
    expect(evaluate([literal], request('s3:GetObject', 'arn:aws:s3:::b/abc'))).toBe('implicit-deny');
  });

  it('does not substitute variables in documents without Version 2012-10-17', () => {
    for (const version of ['2008-10-17', undefined]) {
      const document: PolicyDocument = {
        ...(version === undefined ? {} : { Version: version }),
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*' }],
      };
      expect(evaluate([document], request('s3:GetObject', `arn:aws:s3:::b/private/${ME}/k`, { [SUB]: ME }))).toBe('implicit-deny');
      expect(evaluate([document], request('s3:GetObject', 'arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/k'))).toBe('allow');
    }
  });
});

describe('evaluate: conditions', () => {
  const list = (condition: PolicyStatement['Condition']) =>
    policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: condition });
  const listing = (context: Record<string, string>) => request('s3:ListBucket', 'arn:aws:s3:::b', context);

  it('StringLike: values are alternatives with wildcards, and a missing key does not match', () => {
    const document = list({ StringLike: { 's3:prefix': ['public/', 'public/*'] } });
    expect(evaluate([document], listing({ 's3:prefix': 'public/' }))).toBe('allow');
    expect(evaluate([document], listing({ 's3:prefix': 'public/photos/' }))).toBe('allow');
    expect(evaluate([document], listing({ 's3:prefix': 'private/' }))).toBe('implicit-deny');
    expect(evaluate([document], listing({}))).toBe('implicit-deny');
  });

  it('StringLike condition values substitute variables; a missing variable makes the statement not apply', () => {
    const document = list({ StringLike: { 's3:prefix': ['private/${cognito-identity.amazonaws.com:sub}/*'] } });
    expect(evaluate([document], listing({ 's3:prefix': `private/${ME}/x`, [SUB]: ME }))).toBe('allow');
    expect(evaluate([document], listing({ 's3:prefix': 'private/other/x', [SUB]: ME }))).toBe('implicit-deny');
    expect(evaluate([document], listing({ 's3:prefix': 'private/other/x' }))).toBe('implicit-deny');
  });

  it('StringEquals compares exactly, with no wildcards; keys are case-insensitive', () => {
    const document = list({ StringEquals: { 'S3:Prefix': 'public/*' } });
    expect(evaluate([document], listing({ 's3:prefix': 'public/*' }))).toBe('allow');
    expect(evaluate([document], listing({ 's3:prefix': 'public/x' }))).toBe('implicit-deny');
    expect(evaluate([document], listing({ 's3:prefix': 'PUBLIC/*' }))).toBe('implicit-deny');
  });

  it('negated operators hold when the key is missing and when no value matches', () => {
    const notEquals = list({ StringNotEquals: { 's3:prefix': ['private/', 'secret/'] } });
    expect(evaluate([notEquals], listing({}))).toBe('allow');
    expect(evaluate([notEquals], listing({ 's3:prefix': 'public/' }))).toBe('allow');
    expect(evaluate([notEquals], listing({ 's3:prefix': 'secret/' }))).toBe('implicit-deny');
    const notLike = list({ StringNotLike: { 's3:prefix': 'private/*' } });
    expect(evaluate([notLike], listing({}))).toBe('allow');
    expect(evaluate([notLike], listing({ 's3:prefix': 'private/x' }))).toBe('implicit-deny');
  });

  it('IfExists holds when the key is missing and otherwise tests the value', () => {
    const document = list({ StringLikeIfExists: { 's3:prefix': 'public/*' } });
    expect(evaluate([document], listing({}))).toBe('allow');
    expect(evaluate([document], listing({ 's3:prefix': 'private/' }))).toBe('implicit-deny');
  });

  it('ForAnyValue:/ForAllValues: on a single value act as the plain operator; on a missing key, false/true', () => {
    const anyValue = list({ 'ForAnyValue:StringLike': { 's3:prefix': 'public/*' } });
    const allValues = list({ 'ForAllValues:StringLike': { 's3:prefix': 'public/*' } });
    expect(evaluate([anyValue], listing({ 's3:prefix': 'public/x' }))).toBe('allow');
    expect(evaluate([allValues], listing({ 's3:prefix': 'public/x' }))).toBe('allow');
    expect(evaluate([anyValue], listing({ 's3:prefix': 'private/x' }))).toBe('implicit-deny');
    expect(evaluate([allValues], listing({ 's3:prefix': 'private/x' }))).toBe('implicit-deny');
    expect(evaluate([anyValue], listing({}))).toBe('implicit-deny');
    expect(evaluate([allValues], listing({}))).toBe('allow');
  });

  it('requires every operator and every key to hold', () => {
    const document = list({ StringLike: { 's3:prefix': 'public/*', 's3:delimiter': '/' }, StringNotEquals: { 's3:prefix': 'public/hidden' } });
    expect(evaluate([document], listing({ 's3:prefix': 'public/x', 's3:delimiter': '/' }))).toBe('allow');
    expect(evaluate([document], listing({ 's3:prefix': 'public/x' }))).toBe('implicit-deny');
    expect(evaluate([document], listing({ 's3:prefix': 'public/hidden', 's3:delimiter': '/' }))).toBe('implicit-deny');
  });

  it('a Deny with a condition only denies when the condition holds', () => {
    const allowAll = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' };
    const denyPrivate = { Effect: 'Deny', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefix': 'private/*' } } };
    expect(evaluate([policy(allowAll, denyPrivate)], listing({ 's3:prefix': 'private/x' }))).toBe('explicit-deny');
    expect(evaluate([policy(allowAll, denyPrivate)], listing({ 's3:prefix': 'public/x' }))).toBe('allow');
  });
});

describe('evaluate: refuses what it does not model', () => {
  const probe = request('s3:GetObject', 'arn:aws:s3:::b/k');

  it('throws on an unsupported condition operator', () => {
    const document = policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    expect(() => evaluate([document], probe)).toThrow(/IpAddress/);
  });

  it('throws on a statement with both or neither of Action and NotAction, or a Principal', () => {
    expect(() => evaluate([policy({ Effect: 'Allow', Resource: '*' })], probe)).toThrow(/Action/);
    expect(() => evaluate([policy({ Effect: 'Allow', Action: '*', NotAction: 's3:Get*', Resource: '*' })], probe)).toThrow(/Action/);
    expect(() => evaluate([policy({ Effect: 'Allow', Action: '*' })], probe)).toThrow(/Resource/);
    expect(() => evaluate([policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' })], probe)).toThrow(/Principal/);
  });
});
