package io.descent.job;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

@Transactional
interface JobRepository extends JpaRepository<Job, UUID>, JpaSpecificationExecutor<Job> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.id = :id")
    Optional<Job> lockById(@Param("id") UUID id);

    boolean existsByDatasetIdAndStatusIn(UUID datasetId, Collection<JobStatus> statuses);

    boolean existsByTestDatasetIdAndStatusIn(UUID datasetId, Collection<JobStatus> statuses);

    List<Job> findByExperimentIdOrderByCreatedAtAsc(UUID experimentId);

    List<Job> findByIdInAndCancelRequestedTrue(Collection<UUID> ids);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = io.descent.job.JobStatus.FAILED, j.finishedAt = :now, j.errorMessage = :message "
            + "where j.id = :id and j.status in (io.descent.job.JobStatus.QUEUED, io.descent.job.JobStatus.RUNNING)")
    int markFailed(@Param("id") UUID id, @Param("message") String message, @Param("now") Instant now);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = io.descent.job.JobStatus.CANCELLED, j.finishedAt = :now, j.cancelRequested = true "
            + "where j.id = :id and j.status in (io.descent.job.JobStatus.QUEUED, io.descent.job.JobStatus.RUNNING)")
    int markCancelled(@Param("id") UUID id, @Param("now") Instant now);
}
