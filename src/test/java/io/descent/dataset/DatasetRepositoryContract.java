package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Repository queries, run on H2 by {@link DatasetRepositoryTest} and on PostgreSQL by {@link DatasetRepositoryPostgresTest}. */
abstract class DatasetRepositoryContract {

    @Autowired
    DatasetRepository datasets;

    @Autowired
    JdbcTemplate jdbc;

    /**
     * Far in the future and different on every run, so these rows sort before any that a shared database
     * already holds, including ones an interrupted earlier run left.
     */
    private final Instant FUTURE = Instant.parse("2999-01-01T00:00:00Z")
            .plusSeconds(60L * java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 1_000_000));

    private final List<UUID> created = new java.util.ArrayList<>();

    /** A shared PostgreSQL persists between runs; do not rely on the slice's rollback alone to keep it clean. */
    @org.junit.jupiter.api.AfterEach
    void removeOwnRows() {
        for (UUID id : created) {
            jdbc.update("delete from dataset where id = ?", id);
        }
    }

    DatasetEntity entity(String name, Instant createdAt) {
        UUID id = UUID.randomUUID();
        created.add(id);
        return new DatasetEntity(id, name, Task.CLASSIFICATION, "label", 3, 2, 10, "0".repeat(64), 3,
                "{\"header\":[\"x\",\"label\"],\"labelPosition\":1,\"classes\":[\"a\",\"b\"],\"features\":[]}", createdAt);
    }

    @Test
    void existsByName() {
        String name = "repo-" + UUID.randomUUID();
        datasets.saveAndFlush(entity(name, FUTURE));
        assertThat(datasets.existsByName(name)).isTrue();
        assertThat(datasets.existsByName(name + "-other")).isFalse();
    }

    @Test
    void pagesNewestFirst() {
        String prefix = "page-" + UUID.randomUUID() + "-";
        DatasetEntity older = datasets.save(entity(prefix + "older", FUTURE.plusSeconds(1)));
        DatasetEntity newest = datasets.save(entity(prefix + "newest", FUTURE.plusSeconds(3)));
        DatasetEntity middle = datasets.save(entity(prefix + "middle", FUTURE.plusSeconds(2)));
        datasets.flush();

        var first = datasets.findAll(PageRequest.of(0, 2, Sort.by(Sort.Direction.DESC, "createdAt")));
        var second = datasets.findAll(PageRequest.of(1, 2, Sort.by(Sort.Direction.DESC, "createdAt")));

        assertThat(first.getContent()).extracting(DatasetEntity::getId).containsExactly(newest.getId(), middle.getId());
        assertThat(second.getContent()).extracting(DatasetEntity::getId).first().isEqualTo(older.getId());
        assertThat(first.getTotalElements()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void storesAndReadsBackEveryField() {
        DatasetEntity saved = datasets.saveAndFlush(entity("fields-" + UUID.randomUUID(), FUTURE));
        DatasetEntity read = datasets.findById(saved.getId()).orElseThrow();
        assertThat(read).isNotSameAs(saved).satisfies(e -> {
            assertThat(e.task()).isEqualTo(Task.CLASSIFICATION);
            assertThat(e.createdAt()).isEqualTo(FUTURE);
            assertThat(e.schemaJson()).contains("labelPosition");
            assertThat(e.isNew()).isFalse();
        });
    }

    @Test
    void chunksGoWithTheirDataset() {
        DatasetEntity saved = datasets.saveAndFlush(entity("chunks-" + UUID.randomUUID(), FUTURE));
        jdbc.update("insert into dataset_chunk (dataset_id, chunk_index, first_row, row_count, data) values (?, 0, 0, 3, ?)",
                saved.getId(), new byte[24]);
        datasets.deleteById(saved.getId());
        datasets.flush();
        List<Integer> left = jdbc.queryForList("select row_count from dataset_chunk where dataset_id = ?", Integer.class,
                saved.getId());
        assertThat(left).isEmpty();
    }
}
