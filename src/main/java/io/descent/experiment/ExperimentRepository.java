package io.descent.experiment;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRepository extends JpaRepository<Experiment, UUID> {
}
