-- Experiments: one job per combination of the varied fields. The jobs carry experiment_id themselves;
-- experiment_job keeps each job's place in the product and the values it was given, as the client wrote them.
create table experiment (
    id         uuid primary key,
    name       varchar(200) not null,
    seed       bigint not null,
    vary_json  TEXT not null,
    created_at timestamp with time zone not null
);
create index experiment_created_idx on experiment (created_at);

create table experiment_job (
    experiment_id uuid not null references experiment (id) on delete cascade,
    position      int not null,
    job_id        uuid primary key references job (id) on delete cascade,
    varied_json   TEXT not null,
    unique (experiment_id, position)
);
