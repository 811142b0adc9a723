// Read-only access to the account's S3 buckets: list them for the picker, and check that one exists
// and where it lives. Buckets are never created, changed or deleted by mycli.

import { GetBucketLocationCommand, HeadBucketCommand, ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { ExitCode, UserError } from '../core/errors.js';
import { toUserError } from './errors.js';
import { escapeUntrusted, quoted } from '../core/untrusted-text.js';

const IAM_ACTIONS = {
  listBuckets: 's3:ListAllMyBuckets',
  headBucket: 's3:ListBucket',
  getBucketLocation: 's3:GetBucketLocation',
} as const;

/** Every IAM action S3Buckets calls: what the operator's identity needs to be allowed. */
export const S3_IAM_PERMISSIONS: readonly string[] = Object.freeze(Object.values(IAM_ACTIONS));

/** Asking for pages keeps accounts with a raised bucket quota (up to 10,000 per page) listable. */
const PAGE_SIZE = 1000;
const NOT_FOUND = new Set(['NotFound', 'NoSuchBucket']);
/** Location constraints that are not region names: none means us-east-1, `EU` is the legacy name of eu-west-1. */
const LEGACY_LOCATIONS: Record<string, string> = { '': 'us-east-1', EU: 'eu-west-1' };

export interface BucketSummary {
  name: string;
}

export interface BucketDetails {
  name: string;
  region: string;
}

export class S3Buckets {
  constructor(private readonly s3: S3Client) {}

  async listBuckets(): Promise<BucketSummary[]> {
    const buckets: BucketSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(IAM_ACTIONS.listBuckets, 'the S3 buckets of the account', () =>
        this.s3.send(new ListBucketsCommand({ MaxBuckets: PAGE_SIZE, ContinuationToken: token })),
      );
      for (const bucket of page.Buckets ?? []) {
        if (bucket.Name) buckets.push({ name: bucket.Name });
      }
      // A token equal to the one just sent would loop forever; treat it as the end.
      token = page.ContinuationToken && page.ContinuationToken !== token ? page.ContinuationToken : undefined;
    } while (token !== undefined);
    return buckets;
  }

  /** Undefined when no bucket has this name; a bucket of another account is access denied, as S3 reports it. */
  async describeBucket(name: string): Promise<BucketDetails | undefined> {
    assertBucketName(name);
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: name }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw headBucketError(error, name);
    }
    try {
      const { LocationConstraint } = await this.s3.send(new GetBucketLocationCommand({ Bucket: name }));
      const constraint = LocationConstraint ?? '';
      return { name, region: LEGACY_LOCATIONS[constraint] ?? constraint };
    } catch (error) {
      // Deleted between the two calls.
      if (isNotFound(error)) return undefined;
      throw toUserError(error, { action: IAM_ACTIONS.getBucketLocation, resource: bucketResource(name) });
    }
  }

  private async call<T>(action: string, resource: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toUserError(error, { action, resource });
    }
  }
}

// S3's naming rules; names it forbids would otherwise reach the SDK, whose endpoint resolution fails on some (an ARN,
// `xn--…`, `…--x-s3`) with errors that are not AWS's. Buckets created in us-east-1 before March 2018 may also hold
// capitals and underscores and be up to 255 characters long; those are accepted, and S3 says whether they exist.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LEGACY_BUCKET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Throws InvalidInput naming --bucket and the broken rule when `name` cannot be an S3 bucket name. */
export function assertBucketName(name: string): void {
  const broken = brokenBucketNameRule(name);
  if (broken === undefined) return;
  throw new UserError(
    'InvalidInput',
    `--bucket ${quoted(name)} is not an S3 bucket name: ${broken}.`,
    'Give the bucket name only (e.g. --bucket my-bucket), not an ARN, URL or path; `aws s3 ls` lists the names of your buckets.',
    { exitCode: ExitCode.usage },
  );
}

function brokenBucketNameRule(name: string): string | undefined {
  if (/[:/]/.test(name)) return 'it looks like an ARN, URL or path, and a bucket name holds no ":" or "/"';
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix !== undefined) return `names starting with "${escapeUntrusted(prefix)}" are reserved`;
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix !== undefined) return `names ending with "${escapeUntrusted(suffix)}" are reserved`;
  const legacy = /[A-Z_]/.test(name) || name.length > 63;
  if (!(legacy ? LEGACY_BUCKET_NAME : BUCKET_NAME).test(name)) {
    return 'it must be 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit ' +
      '(a bucket created in us-east-1 before March 2018 may also hold capitals and "_", up to 255 characters)';
  }
  if (legacy) return undefined;
  if (name.includes('..')) return 'it must not hold two adjacent "."';
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name)) return 'it must not be an IP address';
  return undefined;
}

function bucketResource(name: string): string {
  return `S3 bucket ${escapeUntrusted(name)}`;
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && NOT_FOUND.has(error.name);
}

// S3 answers HEAD requests without a body, so a refusal has no error code to classify by: the SDK
// names it `Unknown`, and the 403 status is all there is.
function headBucketError(error: unknown, name: string): unknown {
  if (!(error instanceof Error) || httpStatusOf(error) !== 403) {
    return toUserError(error, { action: IAM_ACTIONS.headBucket, resource: bucketResource(name) });
  }
  return new UserError(
    'AwsAccessDenied',
    `Access denied: ${IAM_ACTIONS.headBucket} on ${bucketResource(name)} (HeadBucket answered 403).`,
    `Grant the IAM permissions ${IAM_ACTIONS.headBucket} and ${IAM_ACTIONS.getBucketLocation} on arn:aws:s3:::${escapeUntrusted(name)} to the identity mycli runs as, ` +
      'or use a profile that has them (--profile). Bucket names are global: if the bucket belongs to another AWS account, pick one of yours.',
    { cause: error, details: [`AWS said: HTTP 403 to HeadBucket ${escapeUntrusted(name)}`] },
  );
}

function httpStatusOf(error: Error): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}
