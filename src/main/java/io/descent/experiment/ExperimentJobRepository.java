package io.descent.experiment;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentJobRepository extends JpaRepository<ExperimentJob, UUID> {

    List<ExperimentJob> findByExperimentIdOrderByPositionAsc(UUID experimentId);
}
