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

    @Query("select r.model from JobRun r where r.jobId = :jobId and r.fold = :fold")
    Optional<byte[]> findModel(@Param("jobId") UUID jobId, @Param("fold") int fold);

    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update JobRun r set r.status = :status, r.finishedAt = :now where r.jobId = :jobId and r.fold = :fold")
    int markFinished(@Param("jobId") UUID jobId, @Param("fold") int fold, @Param("status") JobStatus status,
            @Param("now") Instant now);
}
