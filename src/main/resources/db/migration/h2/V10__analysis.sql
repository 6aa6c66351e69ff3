-- Results of the loss-landscape analyses of a job (kind: critical-point, diagnosis), computed by scheduled tasks.
-- status: QUEUED until the task stores SUCCEEDED (result_json) or FAILED (error_message); a FAILED one may be
-- requested again.
create table job_analysis (
    job_id        uuid not null references job (id) on delete cascade,
    kind          varchar(32) not null,
    status        varchar(16) not null,
    result_json   CHARACTER VARYING,
    error_message varchar(4000),
    requested_at  timestamp with time zone not null,
    finished_at   timestamp with time zone,
    primary key (job_id, kind)
);
