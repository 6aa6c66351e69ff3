-- Training jobs, their runs (one per fold, fold 0 = holdout or refit), per-epoch history and checkpoints.
-- No foreign key to dataset: a finished job keeps its history and model after its dataset is deleted.
create table job (
    id                          uuid primary key,
    name                        varchar(200),
    dataset_id                  uuid not null,
    test_dataset_id             uuid,
    experiment_id               uuid,
    status                      varchar(16) not null,
    spec_json                   CHARACTER VARYING not null,
    optimizer_type              varchar(32) not null,
    fold_count                  int not null,
    refit                       boolean not null,
    created_at                  timestamp with time zone not null,
    started_at                  timestamp with time zone,
    finished_at                 timestamp with time zone,
    progress_epoch              int not null default 0,
    progress_fold               int not null default 0,
    progress_fraction           double precision not null default 0,
    cancel_requested            boolean not null default false,
    error_message               varchar(4000),
    result_json                 CHARACTER VARYING,
    result_validation_loss      double precision,
    result_best_validation_loss double precision,
    result_validation_accuracy  double precision
);
create index job_status_idx on job (status);
create index job_dataset_idx on job (dataset_id);
create index job_created_idx on job (created_at);
create index job_experiment_idx on job (experiment_id);

create table job_run (
    job_id          uuid not null references job (id) on delete cascade,
    fold            int not null,
    status          varchar(16) not null,
    epochs_planned  int not null,
    epochs_done     int not null default 0,
    train_rows      int,
    validation_rows int,
    result_json     CHARACTER VARYING,
    model           VARBINARY,
    started_at      timestamp with time zone,
    finished_at     timestamp with time zone,
    primary key (job_id, fold)
);

create table job_epoch (
    job_id              uuid not null references job (id) on delete cascade,
    fold                int not null,
    epoch               int not null,
    train_loss          double precision,
    validation_loss     double precision,
    train_accuracy      double precision,
    validation_accuracy double precision,
    learning_rate       double precision,
    gradient_norm       double precision,
    seconds             double precision,
    primary key (job_id, fold, epoch)
);

-- The state to continue a run bit-identically from its last finished epoch, on any node.
create table job_checkpoint (
    job_id     uuid not null references job (id) on delete cascade,
    fold       int not null,
    epoch      int not null,
    data       VARBINARY not null,
    updated_at timestamp with time zone not null,
    primary key (job_id, fold)
);
