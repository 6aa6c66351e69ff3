package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.descent.training.EpochStats;
import io.descent.training.TrainedModel;
import io.descent.training.TrainingOutcome;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writes of a run (start, epochs, end) in their SQL, on whichever database the subclass runs: what the API
 * later reads of a job through JPA is what these statements stored. Each test makes jobs of its own (random ids),
 * so rows other tests left in a shared database do not disturb it.
 */
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import(JobProgressContract.Beans.class)
@RecordApplicationEvents
abstract class JobProgressContract {

    @TestConfiguration
    @Import({JobProgress.class, JobService.class, CancellationRegistry.class})
    static class Beans {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        JsonMapper json() {
            return JsonMapper.builder().build();
        }
    }

    @Autowired
    JobProgress progress;
    @Autowired
    JobRepository jobs;
    @Autowired
    JobRunRepository runs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JobService service;
    @MockitoBean
    TrainingQueue queue;
    @MockitoBean
    DatasetFactsSource datasets;
    @Autowired
    ApplicationEvents published;

    // Stored to the microsecond: PostgreSQL keeps no finer.
    final Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void aHoldoutRunStartsStoresItsEpochsAndEndsWithItsModel() {
        UUID id = job(0, false, 5);
        JobProgress.RunStart queued = progress.runStart(id, 0).orElseThrow();
        assertThat(queued.jobStatus()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.runStatus()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.specJson()).isEqualTo("{\"epochs\":5}");
        assertThat(queued.createdAt()).isEqualTo(created);
        assertThat(queued.epochsPlanned()).isEqualTo(5);
        assertThat(queued.kFold()).isFalse();
        assertThat(progress.runStart(id, 1)).as("no such run").isEmpty();

        assertThat(progress.start(id, 0, 90, 10)).isTrue();
        Job running = jobs.findById(id).orElseThrow();
        assertThat(running.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.getStartedAt()).isNotNull();
        JobRun run = runs.findByJobIdOrderByFoldAsc(id).get(0);
        assertThat(run.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(run.getTrainRows()).isEqualTo(90);
        assertThat(run.getValidationRows()).isEqualTo(10);

        progress.saveEpochs(id, 0, List.of(epoch(1), epoch(2)), null);
        Job after2 = jobs.findById(id).orElseThrow();
        assertThat(after2.getProgressEpoch()).isEqualTo(2);
        assertThat(after2.getProgressFraction()).isCloseTo(0.4, within(1e-12));
        assertThat(progress.runStart(id, 0).orElseThrow().epochsDone()).isEqualTo(2);

        byte[] zip = {1, 2, 3, 4};
        progress.finishRun(id, 0, outcome(3, zip), List.of(epoch(3)));
        Job done = jobs.findById(id).orElseThrow();
        assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getFinishedAt()).isNotNull().isAfterOrEqualTo(done.getStartedAt());
        assertThat(done.getProgressFraction()).isEqualTo(1.0);
        assertThat(done.getResultValidationLoss()).isEqualTo(0.5);
        assertThat(done.getResultValidationAccuracy()).isNull();
        assertThat(done.getResultJson()).contains("\"bestEpoch\":3");
        assertThat(runs.findModel(id, 0)).hasValue(zip);
        assertThat(runs.findByJobIdOrderByFoldAsc(id).get(0).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(epochsStored(id)).isEqualTo(3);
    }

    @Test
    void storedEpochsTellTheJobsStreamsOnThisNodeAsItsStatusChangesDo() {
        UUID id = job(0, false, 5);
        UUID other = job(0, false, 5);
        progress.start(id, 0, 90, 10);
        progress.start(other, 0, 90, 10);
        published.clear();

        progress.saveEpochs(id, 0, List.of(epoch(1), epoch(2)), null);

        // JobEvents looks after the commit; without the event a follower waits for the database poll.
        assertThat(published.stream(JobChanged.class).map(JobChanged::jobId)).containsExactly(id);
    }

    @Test
    void aCancelledJobDoesNotStart() {
        UUID id = job(0, false, 5);
        jobs.markCancelled(id, created);
        assertThat(progress.start(id, 0, 90, 10)).isFalse();
        assertThat(runs.findByJobIdOrderByFoldAsc(id).get(0).getStatus()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void kFoldRunsKeepNoModelAndTheirEndQueuesTheRefitForTheirMeanBestEpoch() {
        UUID id = job(2, true, 4);
        assertThat(progress.runStart(id, 1).orElseThrow().kFold()).isTrue();
        progress.start(id, 1, 50, 50);
        progress.start(id, 2, 50, 50);
        progress.saveEpochs(id, 1, List.of(epoch(1)), null);
        assertThat(jobs.findById(id).orElseThrow().getProgressFraction())
                .as("one of the two folds' eight epochs").isCloseTo(0.125, within(1e-12));

        progress.finishRun(id, 1, outcome(2, null), List.of(epoch(2)));
        assertThat(jobs.findById(id).orElseThrow().getStatus()).isEqualTo(JobStatus.RUNNING);
        verify(queue, never()).enqueueAll(eq(id), any(), any());

        progress.finishRun(id, 2, outcome(4, null), List.of(epoch(1), epoch(2), epoch(3), epoch(4)));
        assertThat(runs.findModel(id, 1)).isEmpty();
        List<JobRun> all = runs.findByJobIdOrderByFoldAsc(id);
        assertThat(all).extracting(JobRun::getFold).containsExactly(0, 1, 2);
        assertThat(all.get(0).getEpochsPlanned()).as("mean of best epochs 2 and 4").isEqualTo(3);
        verify(queue).enqueueAll(eq(id), eq(List.of(0)), any());
        assertThat(jobs.findById(id).orElseThrow().getStatus()).isEqualTo(JobStatus.RUNNING);

        progress.start(id, 0, 100, 0);
        byte[] zip = {9, 8, 7};
        progress.finishRun(id, 0, outcome(3, zip), List.of(epoch(1), epoch(2), epoch(3)));
        Job done = jobs.findById(id).orElseThrow();
        assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.getResultValidationLoss()).as("the folds' mean").isEqualTo(0.5);
        assertThat(runs.findModel(id, 0)).hasValue(zip);
        assertThat(epochsStored(id)).isEqualTo(9);
    }

    /**
     * An event stream's look reads the epochs it has not sent, fold by fold, in fold and epoch order: all of them the
     * first time, then only what each fold stored since, and none while the count stands.
     */
    @Test
    void aStreamsLookReadsOnlyTheEpochsItHasNotSent() {
        UUID id = job(2, false, 5);
        progress.saveEpochs(id, 2, List.of(epoch(1)), null);
        progress.saveEpochs(id, 1, List.of(epoch(1), epoch(2)), null);

        JobService.Look first = service.look(id, -1, Map.of());
        assertThat(first.epochCount()).isEqualTo(3);
        assertThat(first.epochs()).extracting(EpochView::fold, EpochView::epoch)
                .containsExactly(tuple(1, 1), tuple(1, 2), tuple(2, 1));
        EpochView stored = first.epochs().get(1);
        assertThat(stored.trainLoss()).isEqualTo(0.5);
        assertThat(stored.validationLoss()).isEqualTo(0.5);
        assertThat(stored.trainAccuracy()).isNull();
        assertThat(stored.learningRate()).isEqualTo(0.01);
        assertThat(stored.seconds()).isEqualTo(0.001);
        assertThat(first.job().id()).isEqualTo(id);

        assertThat(service.look(id, 3, Map.of(1, 2, 2, 1)).epochs()).as("nothing new").isEmpty();

        progress.saveEpochs(id, 2, List.of(epoch(2), epoch(3)), null);
        JobService.Look next = service.look(id, 3, Map.of(1, 2, 2, 1));
        assertThat(next.epochCount()).isEqualTo(5);
        assertThat(next.epochs()).extracting(EpochView::fold, EpochView::epoch)
                .containsExactly(tuple(2, 2), tuple(2, 3));
        assertThat(service.look(id, 3, Map.of(2, 3)).epochs()).as("a fold the stream has not seen comes whole")
                .extracting(EpochView::fold, EpochView::epoch)
                .containsExactly(tuple(1, 1), tuple(1, 2));
    }

    private UUID job(int folds, boolean refit, int epochs) {
        UUID id = UUID.randomUUID();
        jobs.save(new Job(id, "p", UUID.randomUUID(), null, null, "{\"epochs\":" + epochs + "}", "adam", folds, refit,
                created));
        if (folds == 0) {
            runs.save(new JobRun(id, 0, epochs));
        }
        for (int fold = 1; fold <= folds; fold++) {
            runs.save(new JobRun(id, fold, epochs));
        }
        return id;
    }

    private static EpochStats epoch(int n) {
        return new EpochStats(n, 1.0 / n, 0.5, null, null, 0.01, 0.1, 0.001);
    }

    private static TrainingOutcome outcome(int bestEpoch, byte[] zip) {
        TrainedModel model = mock(TrainedModel.class);
        when(model.toZip()).thenReturn(zip);
        List<EpochStats> epochs = java.util.stream.IntStream.rangeClosed(1, bestEpoch)
                .mapToObj(JobProgressContract::epoch).toList();
        return new TrainingOutcome(0.25, null, 0.5, null, bestEpoch, false, bestEpoch, null, null, 1.0, false,
                epochs, model);
    }

    private long epochsStored(UUID id) {
        return jdbc.sql("select count(*) from job_epoch where job_id = :job").param("job", id).query(Long.class)
                .single();
    }
}
