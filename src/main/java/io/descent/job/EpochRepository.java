package io.descent.job;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EpochRepository extends JpaRepository<EpochRecord, EpochRecord.Key> {

    List<EpochRecord> findByJobIdOrderByFoldAscEpochAsc(UUID jobId);

    List<EpochRecord> findByJobIdAndFoldOrderByEpochAsc(UUID jobId, int fold);

}
