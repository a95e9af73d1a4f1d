// Groups flattened spans / log records back into resource → scope → items, keeping first-seen order.
import type { Attributes, InstrumentationScope } from '../model/types';

export interface ResourceGroup<T> {
  resource: Attributes;
  scopes: { scope: InstrumentationScope; items: T[] }[];
}

export function groupByResourceAndScope<T extends { resource: Attributes; scope: InstrumentationScope }>(
  items: readonly T[],
): ResourceGroup<T>[] {
  const groups = new Map<string, { group: ResourceGroup<T>; scopes: Map<string, T[]> }>();
  // Decoded items of one resource share the resource object, so most lookups skip the stringify.
  const keyOf = new Map<Attributes, string>();
  for (const item of items) {
    let resourceKey = keyOf.get(item.resource);
    if (resourceKey === undefined) {
      resourceKey = JSON.stringify(item.resource);
      keyOf.set(item.resource, resourceKey);
    }
    let entry = groups.get(resourceKey);
    if (!entry) {
      entry = { group: { resource: item.resource, scopes: [] }, scopes: new Map() };
      groups.set(resourceKey, entry);
    }
    const scopeKey = JSON.stringify([item.scope.name, item.scope.version]);
    let list = entry.scopes.get(scopeKey);
    if (!list) {
      list = [];
      entry.scopes.set(scopeKey, list);
      entry.group.scopes.push({ scope: item.scope, items: list });
    }
    list.push(item);
  }
  return [...groups.values()].map((e) => e.group);
}
