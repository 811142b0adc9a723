// The account the credentials belong to, which the describe cache is kept under (STS GetCallerIdentity needs no
// IAM permission). Loaded only by the commands that keep a describe cache.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createStsClient, type AwsClientOptions, type AwsClients } from './clients.js';
import { toUserError } from './errors.js';

export async function callerAccount(options: AwsClientOptions, clients: AwsClients): Promise<string> {
  const sts = await createStsClient(options, clients);
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('GetCallerIdentity returned no Account');
    return identity.Account;
  } catch (error) {
    throw toUserError(error, { action: 'sts:GetCallerIdentity' });
  } finally {
    sts.destroy();
  }
}
