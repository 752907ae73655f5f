"""Import and export of master data (CSV and XLSX): dealers, stores, warehouses, SKUs, stock
levels and marketing spend history.

Kept light on purpose (the command line lists the entity names at every start); the work is in
the submodules:

- `console.io.importer.import_file` — check a file and upsert it in one transaction;
- `console.io.export.export_file` / `export_frame` — the same columns, so exports import back;
- `console.io.records.validate_record` / `validate_dealer` / `validate_store` — the same rules for
  one record typed into a form;
- `console.io.specs.ENTITIES` — the columns of each entity (documented in
  docs/formats/import-export.md).
"""

ENTITY_NAMES = ("dealers", "stores", "warehouses", "skus", "inventory", "spend")
