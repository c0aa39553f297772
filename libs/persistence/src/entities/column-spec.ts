import type { ColumnOptions } from 'typeorm';

/**
 * A column as the entity decorator receives it, always with its database name: the one
 * description a table's SQL, row types and insert lists are derived from.
 */
export interface ColumnSpec extends ColumnOptions {
  name: string;
}

/** Each property of an entity `E` and its column. */
export type ColumnSpecs<E> = { readonly [K in keyof E]: ColumnSpec };

/** How a value of the entity comes back from the database: booleans as 0/1, dates as ms. */
type Stored<T> = T extends boolean ? number : T extends Date ? number : T;

/** A row of a table as plain SQL hands it over, keyed by column name. */
export type RowOf<E, S extends ColumnSpecs<E>> = {
  -readonly [K in keyof E & keyof S as S[K]['name']]: Stored<E[K]>;
};

type SqlParam = string | number | null;

/** A column of a table, in the order the entity declares it. */
export interface ColumnOf<E> {
  property: keyof E & string;
  name: string;
  primary: boolean;
  /** Turns the entity's value into the one SQL parameters take. */
  toSql: (value: unknown) => SqlParam;
}

const flag = (value: unknown): SqlParam => (value ? 1 : 0);
const same = (value: unknown): SqlParam => (value ?? null) as SqlParam;

/** Booleans go in as 0/1 and transformed values through their transformer, like TypeORM. */
function converterOf(spec: ColumnSpec): (value: unknown) => SqlParam {
  if (spec.type === 'boolean') return flag;
  const transformer = spec.transformer;
  if (transformer && !Array.isArray(transformer)) {
    return (value) => transformer.to(value) as SqlParam;
  }
  return same;
}

/** The columns of a table as a list; computed once per table at module load. */
export function columnsOf<E>(specs: ColumnSpecs<E>): ColumnOf<E>[] {
  return (Object.keys(specs) as (keyof E & string)[]).map((property) => ({
    property,
    name: specs[property].name,
    primary: specs[property].primary === true,
    toSql: converterOf(specs[property]),
  }));
}
