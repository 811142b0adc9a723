import {
  AccessDenied,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  NoSuchBucket,
  NotFound,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AWS_ERROR_METADATA, useIsolatedAwsEnvironment, userErrorOf } from '../../test/support/aws-unit-env.js';
import { startIdentityIamStub, type IdentityIamStub } from '../../test/support/identity-iam-stub.js';
import { DEMO_IDS, demoWorld } from '../../test/support/world.js';
import { createS3Client } from './clients.js';
import { S3_IAM_PERMISSIONS, S3Buckets } from './s3-buckets.js';

const REGION = 'us-east-1';

useIsolatedAwsEnvironment('s3-buckets');

describe('S3Buckets against the loopback stub', () => {
  const BULK_BUCKETS = 1001;
  let stub: IdentityIamStub;

  beforeAll(async () => {
    const world = demoWorld();
    for (let n = 0; n < BULK_BUCKETS; n += 1) world.buckets?.push({ name: `bulk-${String(n).padStart(4, '0')}`, region: 'us-west-2' });
    stub = await startIdentityIamStub(world);
  });

  afterAll(async () => {
    await stub?.stop();
  });

  beforeEach(() => {
    stub.resetCalls();
    vi.stubEnv('AWS_ENDPOINT_URL_S3', stub.endpoint);
  });

  const buckets = (region = REGION) => new S3Buckets(createS3Client({ region, maxAttempts: 1 }));

  it('lists every bucket, following ContinuationToken across pages', async () => {
    const names = (await buckets().listBuckets()).map((bucket) => bucket.name);
    expect(names).toHaveLength(BULK_BUCKETS + 2);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining([DEMO_IDS.mediaBucket, DEMO_IDS.archiveBucket, 'bulk-0000', 'bulk-1000']));
    expect(stub.calls.map((call) => [call.service, call.operation, call.params.MaxBuckets, call.params.ContinuationToken !== undefined])).toEqual([
      ['s3', 'ListBuckets', 1000, false],
      ['s3', 'ListBuckets', 1000, true],
    ]);
  });

  it('describes a us-east-1 bucket (empty location constraint) with HeadBucket then GetBucketLocation', async () => {
    await expect(buckets().describeBucket(DEMO_IDS.mediaBucket)).resolves.toEqual({ name: DEMO_IDS.mediaBucket, region: 'us-east-1' });
    expect(stub.calls).toEqual([
      { service: 's3', operation: 'HeadBucket', params: { Bucket: DEMO_IDS.mediaBucket }, region: REGION },
      { service: 's3', operation: 'GetBucketLocation', params: { Bucket: DEMO_IDS.mediaBucket }, region: REGION },
    ]);
  });

  it("describes a bucket of another region, following S3's redirect to the bucket's region", async () => {
    await expect(buckets().describeBucket(DEMO_IDS.archiveBucket)).resolves.toEqual({ name: DEMO_IDS.archiveBucket, region: 'eu-west-1' });
    expect(stub.calls.map((call) => [call.operation, call.region])).toEqual([
      ['HeadBucket', REGION],
      ['HeadBucket', 'eu-west-1'],
      ['GetBucketLocation', REGION],
    ]);
  });

  it('answers undefined for a bucket that does not exist', async () => {
    await expect(buckets().describeBucket('acme-no-such-bucket')).resolves.toBeUndefined();
    expect(stub.calls.map((call) => call.operation)).toEqual(['HeadBucket']);
  });

  it('reaches the stub through AWS_ENDPOINT_URL alone, path-style', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', undefined);
    vi.stubEnv('AWS_ENDPOINT_URL', stub.endpoint);
    const client = createS3Client({ region: REGION, maxAttempts: 1 });
    expect(client.config.forcePathStyle).toBe(true);
    await expect(new S3Buckets(client).describeBucket(DEMO_IDS.mediaBucket)).resolves.toEqual({ name: DEMO_IDS.mediaBucket, region: 'us-east-1' });
  });

  it('uses virtual-hosted bucket addressing on real AWS (no endpoint override)', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', undefined);
    const client = createS3Client({ region: 'eu-west-1' });
    expect(client.config.forcePathStyle).toBe(false);
    expect(client.config.followRegionRedirects).toBe(true);
    expect(await client.config.maxAttempts()).toBe(8);
    expect(await client.config.retryStrategy()).toHaveProperty('mode', 'adaptive');
  });
});

describe('S3Buckets with the real SDK against a server that refuses', () => {
  let server: Server;
  let endpoint: string;
  let status = 403;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.method === 'HEAD') return response.writeHead(status).end();
      response.writeHead(403, { 'content-type': 'application/xml' });
      response.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('maps a bodiless 403 to HeadBucket (SDK error name `Unknown`) to AwsAccessDenied naming s3:ListBucket and the bucket', async () => {
    status = 403;
    vi.stubEnv('AWS_ENDPOINT_URL_S3', endpoint);
    const error = await userErrorOf(new S3Buckets(createS3Client({ region: REGION, maxAttempts: 1 })).describeBucket('someone-elses'));
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.message).toContain('s3:ListBucket on S3 bucket someone-elses');
    expect(error.resolution).toContain('arn:aws:s3:::someone-elses');
    expect(error.resolution).toContain('another AWS account');
  });

  it('maps an AccessDenied XML error to ListBuckets to AwsAccessDenied naming s3:ListAllMyBuckets', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', endpoint);
    const error = await userErrorOf(new S3Buckets(createS3Client({ region: REGION, maxAttempts: 1 })).listBuckets());
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.resolution).toContain('s3:ListAllMyBuckets');
  });
});

describe('S3Buckets with a mocked S3 client', () => {
  // mockClient patches every S3Client, so it is installed only while this block runs.
  let s3Mock: AwsClientStub<S3Client>;
  const buckets = () => new S3Buckets(new S3Client({ region: REGION }));

  beforeAll(() => {
    s3Mock = mockClient(S3Client);
  });

  afterAll(() => {
    s3Mock.restore();
  });

  beforeEach(() => {
    s3Mock.reset();
  });

  it('requests pages of 1000 and stops at a repeated ContinuationToken', async () => {
    s3Mock
      .on(ListBucketsCommand)
      .resolvesOnce({ Buckets: [{ Name: 'a' }, { Name: 'b' }], ContinuationToken: 't1' })
      .resolvesOnce({ Buckets: [{ Name: 'c' }], ContinuationToken: 't1' });
    await expect(buckets().listBuckets()).resolves.toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(s3Mock.commandCalls(ListBucketsCommand).map((call) => call.args[0].input)).toEqual([
      { MaxBuckets: 1000, ContinuationToken: undefined },
      { MaxBuckets: 1000, ContinuationToken: 't1' },
    ]);
  });

  it.each([
    [undefined, 'us-east-1'],
    ['', 'us-east-1'],
    ['EU', 'eu-west-1'],
    ['ap-southeast-2', 'ap-southeast-2'],
  ])('reads location constraint %j as region %s', async (constraint, region) => {
    s3Mock.on(HeadBucketCommand).resolves({});
    s3Mock.on(GetBucketLocationCommand).resolves(constraint === undefined ? {} : { LocationConstraint: constraint as never });
    await expect(buckets().describeBucket('media')).resolves.toEqual({ name: 'media', region });
  });

  it('answers undefined when the bucket disappears between HeadBucket and GetBucketLocation', async () => {
    s3Mock.on(HeadBucketCommand).resolves({});
    s3Mock.on(GetBucketLocationCommand).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: AWS_ERROR_METADATA }));
    await expect(buckets().describeBucket('media')).resolves.toBeUndefined();
  });

  it('answers undefined for NotFound from HeadBucket without asking for the location', async () => {
    s3Mock.on(HeadBucketCommand).rejects(new NotFound({ message: 'UnknownError', $metadata: { httpStatusCode: 404 } }));
    await expect(buckets().describeBucket('media')).resolves.toBeUndefined();
    expect(s3Mock.commandCalls(GetBucketLocationCommand)).toHaveLength(0);
  });

  it('maps a 403 to GetBucketLocation to AwsAccessDenied naming s3:GetBucketLocation and the bucket', async () => {
    s3Mock.on(HeadBucketCommand).resolves({});
    s3Mock.on(GetBucketLocationCommand).rejects(new AccessDenied({ message: 'Access Denied', $metadata: { httpStatusCode: 403 } }));
    const error = await userErrorOf(buckets().describeBucket('media'));
    expect(error.kind).toBe('AwsAccessDenied');
    expect(error.resolution).toContain('s3:GetBucketLocation for S3 bucket media');
  });

  it('maps expired credentials on ListBuckets to AwsCredentials', async () => {
    s3Mock.on(ListBucketsCommand).rejects(new S3ServiceException({ name: 'ExpiredToken', message: 'expired', $fault: 'client', $metadata: AWS_ERROR_METADATA }));
    expect((await userErrorOf(buckets().listBuckets())).kind).toBe('AwsCredentials');
  });

  it('refuses a bucket ARN or path before calling S3', async () => {
    const error = await userErrorOf(buckets().describeBucket('arn:aws:s3:::media/uploads'));
    expect(error.kind).toBe('InvalidInput');
    expect(error.message).toContain('arn:aws:s3:::media/uploads');
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it.each([
    ['arn:aws:s3:::media', '":" or "/"'],
    ['s3://media', '":" or "/"'],
    ['ab', '3 to 63'],
    ['-media', 'starting and ending with a letter or digit'],
    ['my bucket', '3 to 63'],
    ['media..uploads', 'two adjacent "."'],
    ['192.168.1.1', 'IP address'],
    ['xn--media', '"xn--" are reserved'],
    ['media--x-s3', '"--x-s3" are reserved'],
    ['Legacy Bucket', 'capitals and "_"'],
  ])('refuses %s before calling S3, naming --bucket and the rule', async (name, rule) => {
    const error = await userErrorOf(buckets().describeBucket(name));
    expect(error.kind).toBe('InvalidInput');
    expect(error.message).toContain(`--bucket '${name}'`);
    expect(error.message).toContain(rule);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('accepts legacy us-east-1 names with capitals, underscores or more than 63 characters', async () => {
    s3Mock.on(HeadBucketCommand).resolves({});
    s3Mock.on(GetBucketLocationCommand).resolves({});
    for (const name of ['Legacy_Media', 'MEDIA', `legacy-${'x'.repeat(100)}`]) {
      await expect(buckets().describeBucket(name)).resolves.toEqual({ name, region: 'us-east-1' });
    }
  });

  it('lists the IAM actions it needs', () => {
    expect([...S3_IAM_PERMISSIONS].sort()).toEqual(['s3:GetBucketLocation', 's3:ListAllMyBuckets', 's3:ListBucket']);
  });
});
