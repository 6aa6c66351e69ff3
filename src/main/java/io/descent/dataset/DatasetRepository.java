package io.descent.dataset;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetRepository extends JpaRepository<DatasetEntity, UUID> {

    boolean existsByName(String name);
}
