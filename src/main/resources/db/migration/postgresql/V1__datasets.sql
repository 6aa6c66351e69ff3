-- Dataset metadata; the per-column schema (types, statistics, categories, classes) is one JSON document
-- because it is always read and written as a whole.
create table dataset (
    id             uuid          not null primary key,
    name           varchar(200)  not null,
    task           varchar(20)   not null,
    label_name     varchar(1000) not null,
    row_count      integer       not null,
    input_size     integer       not null,
    size_bytes     bigint        not null,
    sha256         char(64)      not null,
    rows_per_chunk integer       not null,
    schema_json    text          not null,
    created_at     timestamp(6) with time zone not null
);
create index dataset_created_at on dataset (created_at);
create index dataset_name on dataset (name);

-- The parsed rows, in blocks of rows_per_chunk rows. Each block is column-major float32 little-endian:
-- every feature column (numeric value or category index) in schema order, then the label (class index or value).
create table dataset_chunk (
    dataset_id  uuid      not null references dataset (id) on delete cascade,
    chunk_index integer   not null,
    first_row   integer   not null,
    row_count   integer   not null,
    data        bytea     not null,
    primary key (dataset_id, chunk_index)
);
