package io.descent.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

@Transactional
interface JobRunRepository extends JpaRepository<JobRun, JobRun.Key> {

    List<JobRun> findByJobIdOrderByFoldAsc(UUID jobId);

    Optional<JobRun> findByJobIdAndFold(UUID jobId, int fold);

    @Query("select r.model from JobRun r where r.jobId = :jobId and r.fold = :fold")
    Optional<byte[]> findModel(@Param("jobId") UUID jobId, @Param("fold") int fold);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update JobRun r set r.status = io.descent.job.JobStatus.RUNNING, r.startedAt = :now, "
            + "r.trainRows = :trainRows, r.validationRows = :validationRows "
            + "where r.jobId = :jobId and r.fold = :fold")
    int markRunning(@Param("jobId") UUID jobId, @Param("fold") int fold, @Param("trainRows") int trainRows,
            @Param("validationRows") int validationRows, @Param("now") Instant now);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update JobRun r set r.epochsDone = :epoch where r.jobId = :jobId and r.fold = :fold")
    int updateEpochsDone(@Param("jobId") UUID jobId, @Param("fold") int fold, @Param("epoch") int epoch);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update JobRun r set r.status = :status, r.finishedAt = :now where r.jobId = :jobId and r.fold = :fold")
    int markFinished(@Param("jobId") UUID jobId, @Param("fold") int fold, @Param("status") JobStatus status,
            @Param("now") Instant now);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update JobRun r set r.status = io.descent.job.JobStatus.SUCCEEDED, r.finishedAt = :now, "
            + "r.resultJson = :result, r.model = :model where r.jobId = :jobId and r.fold = :fold")
    int markSucceeded(@Param("jobId") UUID jobId, @Param("fold") int fold, @Param("result") String resultJson,
            @Param("model") byte[] model, @Param("now") Instant now);
}
