/**
 * What a table has besides its columns, declared on its entity as the migrations make it: indexes (by name, as
 * PostgreSQL prints them after `USING`; `UNIQUE ` first for a unique one; the primary key is the entity's primary
 * columns), foreign keys (by name, as PostgreSQL prints them after `FOREIGN KEY`) and column defaults (by column, as
 * PostgreSQL prints them). TypeORM's @Index cannot say DESC, INCLUDE, an expression or the method, and its defaults and
 * foreign keys would change the SQL it writes; this changes nothing at run time. `test/api/catalog.test.ts` fails when
 * the migrated schema and the entities differ, either way.
 */
export interface TableShape {
  indexes?: Record<string, string>;
  foreignKeys?: Record<string, string>;
  defaults?: Record<string, string>;
}

const TABLE_SHAPE = Symbol('tableShape');

export const DeclaresTable = (shape: TableShape): ClassDecorator => (target) => {
  Reflect.defineMetadata(TABLE_SHAPE, shape, target);
};

/** What an entity declares of its table ({} for none). */
export const tableShapeOf = (entity: Function): TableShape => (Reflect.getMetadata(TABLE_SHAPE, entity) as TableShape | undefined) ?? {};
