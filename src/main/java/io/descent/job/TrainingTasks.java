package io.descent.job;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import io.descent.training.Trainer;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * The db-scheduler task that trains one run. A run whose node died (missed heartbeats) is revived and continues
 * from its last checkpoint. The runner handles its own failures, so the task itself never retries.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TrainingTasks {

    static final TaskDescriptor<TrainingQueue.RunRef> TRAIN_RUN = TaskDescriptor.of("train-run", TrainingQueue.RunRef.class);

    @Bean
    OneTimeTask<TrainingQueue.RunRef> trainRunTask(JobRunner runner) {
        return Tasks.oneTime(TRAIN_RUN)
                .onDeadExecutionRevive()
                .execute((instance, context) -> runner.run(instance.getData()));
    }

    @Bean
    Trainer trainer() {
        return new Trainer();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
