import type { ValueTransformer } from 'typeorm';

/** A Date in the entity, UTC epoch milliseconds in the column. */
export const epochMillis: ValueTransformer = {
  to: (value: Date | undefined) => value?.getTime(),
  from: (value: string | number | null) =>
    value == null ? value : new Date(Number(value)),
};
