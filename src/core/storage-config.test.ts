import { describe, expect, it } from 'vitest';
import { mergeStorageConfig } from './storage-config.js';

describe('mergeStorageConfig', () => {
  const base = { aws_project_region: 'us-east-1', aws_user_pools_id: 'us-east-1_abc' };

  it('adds the bucket and its region after the existing keys', () => {
    expect(Object.entries(mergeStorageConfig(base, { bucketName: 'media', region: 'eu-west-1' }))).toEqual([
      ['aws_project_region', 'us-east-1'],
      ['aws_user_pools_id', 'us-east-1_abc'],
      ['aws_user_files_s3_bucket', 'media'],
      ['aws_user_files_s3_bucket_region', 'eu-west-1'],
    ]);
  });

  it('replaces a previous bucket and drops the keys when storage is gone', () => {
    const withOld = { ...base, aws_user_files_s3_bucket: 'old', aws_user_files_s3_bucket_region: 'us-east-1' };
    expect(mergeStorageConfig(withOld, { bucketName: 'new', region: 'us-west-2' })).toMatchObject({
      aws_user_files_s3_bucket: 'new',
      aws_user_files_s3_bucket_region: 'us-west-2',
    });
    expect(mergeStorageConfig(withOld, undefined)).toEqual(base);
  });
});
