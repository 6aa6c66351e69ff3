package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A change committed on this node reaches the job's event streams at once; without one, a stream waits for the
 * database poll, set here to an hour so that only the change can end it.
 */
class JobEventsTest {

    private final JobService service = mock(JobService.class);
    private final JobEvents events = new JobEvents(service,
            new JobsProperties(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofHours(1)));
    private final UUID id = UUID.randomUUID();

    @AfterEach
    void stop() {
        events.stop();
    }

    @Test
    void aStoredEndClosesTheStreamWithoutWaitingForThePoll() throws InterruptedException {
        when(service.look(eq(id), anyLong(), any())).thenReturn(new JobService.Look(view(JobStatus.RUNNING), 0, List.of()));
        events.follow(id);
        // The first look, on subscribing, finds it running: the stream stays open.
        Thread.sleep(200);
        assertThat(events.followerCount()).isEqualTo(1);

        when(service.look(eq(id), anyLong(), any())).thenReturn(new JobService.Look(view(JobStatus.SUCCEEDED), 0, List.of()));
        events.onChange(new JobChanged(UUID.randomUUID()));
        Thread.sleep(200);
        assertThat(events.followerCount()).as("another job's change leaves this stream alone").isEqualTo(1);

        events.onChange(new JobChanged(id));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.followerCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(events.followerCount()).as("the job's own change ends its stream").isZero();
    }

    private JobView view(JobStatus status) {
        return new JobView(id, "j", status, null, UUID.randomUUID(), null, null, null, null,
                new JobView.Progress(0, 5, 0, 0, 0.0), null, null);
    }
}
