// Read-only access to the account's S3 buckets: list them for the picker, and check that one exists
// and where it lives. Buckets are never created, changed or deleted by mycli.

import { GetBucketLocationCommand, HeadBucketCommand, ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { UserError } from '../core/errors.js';
import { toUserError } from './errors.js';

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
    if (name === '' || name.includes('/')) {
      throw new UserError(
        'InvalidInput',
        `'${name}' is not an S3 bucket name.`,
        'Give the bucket name only (e.g. --bucket my-bucket), not an ARN, URL or path; `aws s3 ls` lists the names.',
      );
    }
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

function bucketResource(name: string): string {
  return `S3 bucket ${name}`;
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
    `Grant the IAM permissions ${IAM_ACTIONS.headBucket} and ${IAM_ACTIONS.getBucketLocation} on arn:aws:s3:::${name} to the identity mycli runs as, ` +
      'or use a profile that has them (--profile). Bucket names are global: if the bucket belongs to another AWS account, pick one of yours.',
    { cause: error, details: [`AWS said: HTTP 403 to HeadBucket ${name}`] },
  );
}

function httpStatusOf(error: Error): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}
