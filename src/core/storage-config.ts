// The storage keys of the flat JavaScript app config: the imported bucket and its region (aws-amplify v6 reads both).

export const STORAGE_CONFIG_KEYS: readonly string[] = ['aws_user_files_s3_bucket', 'aws_user_files_s3_bucket_region'];

export interface StorageConfigInput {
  bucketName: string;
  region: string;
}

/** Sets the storage keys (or drops them when `storage` is undefined); every other key stays where it is. */
export function mergeStorageConfig(config: Record<string, unknown>, storage: StorageConfigInput | undefined): Record<string, unknown> {
  const kept = Object.entries(config).filter(([key]) => !STORAGE_CONFIG_KEYS.includes(key));
  const storageEntries: Array<[string, unknown]> = storage
    ? [
        ['aws_user_files_s3_bucket', storage.bucketName],
        ['aws_user_files_s3_bucket_region', storage.region],
      ]
    : [];
  return Object.fromEntries([...kept, ...storageEntries]);
}
