package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.descent.web.ApiException;

/**
 * The filters and sorts of GET /jobs, on whichever database the subclass runs. Every job here carries a unique
 * name prefix, so rows other tests left in a shared database do not disturb it.
 */
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class JobQueryContract {

    @Autowired
    JobRepository jobs;
    @Autowired
    JdbcClient jdbc;

    final String prefix = "q-" + UUID.randomUUID().toString().substring(0, 8) + "_%";
    final UUID dataset = UUID.randomUUID();
    final UUID otherDataset = UUID.randomUUID();
    UUID best;
    UUID middle;
    UUID worst;
    UUID queued;
    UUID failed;

    @BeforeEach
    void jobs() {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        // Final (kept-model) and best-epoch validation losses rank differently on purpose.
        best = succeeded("a", "adam", dataset, t.plusSeconds(1), 0.30, 0.10, 0.97);
        middle = succeeded("b", "sgd", dataset, t.plusSeconds(2), 0.20, 0.20, 0.93);
        worst = succeeded("c", "adam", otherDataset, t.plusSeconds(3), 0.50, 0.40, 0.80);
        queued = save("d", "rmsprop", dataset, t.plusSeconds(4)).getId();
        failed = save("e", "adam", dataset, t.plusSeconds(5)).getId();
        running(failed, t);
        jobs.markFailed(failed, "training diverged at epoch 1 (loss became NaN); lower the learning rate", t);
    }

    @AfterEach
    void clean() {
        jobs.deleteAllById(List.of(best, middle, worst, queued, failed));
    }

    Job save(String suffix, String optimizer, UUID datasetId, Instant created) {
        return jobs.saveAndFlush(new Job(UUID.randomUUID(), prefix + suffix, datasetId, null, null, "{}", optimizer, 0,
                false, created));
    }

    UUID succeeded(String suffix, String optimizer, UUID datasetId, Instant created, double validationLoss,
            double bestValidationLoss, double accuracy) {
        UUID id = save(suffix, optimizer, datasetId, created).getId();
        running(id, created);
        // As a run's end stores a job's result (JobProgress); JobProgressContract tests that statement itself.
        jdbc.sql("""
                update job set status = 'SUCCEEDED', finished_at = :finished, result_json = '{}',
                    result_validation_loss = :validationLoss, result_best_validation_loss = :bestValidationLoss,
                    result_validation_accuracy = :accuracy, progress_fraction = 1.0
                where id = :id""")
                .param("id", id).param("finished", created.plusSeconds(60).atOffset(ZoneOffset.UTC))
                .param("validationLoss", validationLoss).param("bestValidationLoss", bestValidationLoss)
                .param("accuracy", accuracy).update();
        return id;
    }

    private void running(UUID id, Instant startedAt) {
        jdbc.sql("update job set status = 'RUNNING', started_at = :startedAt where id = :id")
                .param("id", id).param("startedAt", startedAt.atOffset(ZoneOffset.UTC)).update();
    }

    List<UUID> ids(JobQuery query, Sort sort) {
        return jobs.findAll(query.toSpecification(), JobQuery.pageable(PageRequest.of(0, 50, sort)))
                .map(Job::getId).getContent();
    }

    JobQuery named() {
        return new JobQuery(null, null, prefix, null, null);
    }

    @Test
    void namePrefixIsLiteralEvenWithWildcardCharacters() {
        assertThat(ids(named(), Sort.unsorted())).containsExactlyInAnyOrder(best, middle, worst, queued, failed);
        // The prefix ends in "_%": as LIKE wildcards they would match anything.
        String withoutWildcards = prefix.substring(0, prefix.length() - 2);
        assertThat(ids(new JobQuery(null, null, withoutWildcards + "xx", null, null), Sort.unsorted())).isEmpty();
    }

    @Test
    void sortsByFinalValidationLossWithUnfinishedJobsLast() {
        assertThat(ids(named(), Sort.by(Sort.Order.asc("result.validationLoss"))).subList(0, 3))
                .containsExactly(middle, best, worst);
        List<UUID> desc = ids(named(), Sort.by(Sort.Order.desc("result.validationLoss")));
        assertThat(desc.subList(0, 3)).containsExactly(worst, best, middle);
        assertThat(desc.subList(3, 5)).containsExactlyInAnyOrder(queued, failed);
    }

    @Test
    void sortsByBestEpochValidationLoss() {
        assertThat(ids(named(), Sort.by(Sort.Order.asc("result.bestValidationLoss"))).subList(0, 3))
                .containsExactly(best, middle, worst);
    }

    @Test
    void sortsByAccuracyAndTimes() {
        assertThat(ids(named(), Sort.by(Sort.Order.desc("result.validationAccuracy"))).subList(0, 3))
                .containsExactly(best, middle, worst);
        assertThat(ids(named(), Sort.by(Sort.Order.desc("createdAt")))).containsExactly(failed, queued, worst, middle, best);
        assertThat(ids(named(), Sort.by(Sort.Order.asc("finishedAt"))).subList(0, 4)).containsExactly(failed, best, middle, worst);
    }

    @Test
    void filtersByRepeatedStatusDatasetAndOptimizer() {
        assertThat(ids(new JobQuery(List.of(JobStatus.QUEUED, JobStatus.FAILED), null, prefix, null, null), Sort.unsorted()))
                .containsExactlyInAnyOrder(queued, failed);
        assertThat(ids(new JobQuery(List.of(JobStatus.SUCCEEDED), dataset, prefix, null, null), Sort.unsorted()))
                .containsExactlyInAnyOrder(best, middle);
        assertThat(ids(new JobQuery(null, null, prefix, "adam", null), Sort.unsorted()))
                .containsExactlyInAnyOrder(best, worst, failed);
        assertThat(ids(new JobQuery(List.of(JobStatus.SUCCEEDED), otherDataset, prefix, "adam", null), Sort.unsorted()))
                .containsExactly(worst);
    }

    @Test
    void unknownSortIsRejectedNamingTheField() {
        assertThatThrownBy(() -> ids(named(), Sort.by("spec")))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).errors().get(0).field()).isEqualTo("sort"));
    }
}
