import type { Store } from '@engageloop/core';
import type { NeedDoc } from './types';

const isNeed = (value: unknown): value is NeedDoc =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as NeedDoc).id === 'string' &&
  typeof (value as NeedDoc).status === 'string' &&
  Array.isArray((value as NeedDoc).supporters);

/** Every committed need item in the store, in key order. */
export async function readNeeds(store: Pick<Store, 'listDocuments'>): Promise<NeedDoc[]> {
  const out: NeedDoc[] = [];
  for await (const { value } of store.listDocuments('need:')) if (isNeed(value)) out.push(value);
  return out;
}
