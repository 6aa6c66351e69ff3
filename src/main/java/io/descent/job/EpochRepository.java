package io.descent.job;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface EpochRepository extends JpaRepository<EpochRecord, EpochRecord.Key> {

    List<EpochRecord> findByJobIdOrderByFoldAscEpochAsc(UUID jobId);

    List<EpochRecord> findByJobIdAndFoldOrderByEpochAsc(UUID jobId, int fold);
}
