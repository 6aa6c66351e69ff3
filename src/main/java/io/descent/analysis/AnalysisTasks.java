package io.descent.analysis;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * The db-scheduler tasks of the analyses. They compute gradients (critical points) or train models (diagnosis),
 * so they must run where training runs: on the scheduler's single worker, one task at a time per node, behind the
 * training runs queued before them. The runner stores failures itself, so a task never retries on its own.
 */
@Configuration(proxyBeanMethods = false)
class AnalysisTasks {

    static final String CRITICAL_POINT = "critical-point";
    static final String DIAGNOSIS = "diagnosis";

    static final TaskDescriptor<JobRef> CRITICAL_POINT_TASK = TaskDescriptor.of("analysis-critical-point", JobRef.class);
    static final TaskDescriptor<JobRef> DIAGNOSIS_TASK = TaskDescriptor.of("analysis-diagnosis", JobRef.class);

    @Bean
    OneTimeTask<JobRef> criticalPointTask(AnalysisRunner runner) {
        return Tasks.oneTime(CRITICAL_POINT_TASK)
                .onDeadExecutionRevive()
                .execute((instance, context) -> runner.criticalPoint(instance.getData().jobId()));
    }

    @Bean
    OneTimeTask<JobRef> diagnosisTask(AnalysisRunner runner) {
        return Tasks.oneTime(DIAGNOSIS_TASK)
                .onDeadExecutionRevive()
                .execute((instance, context) -> runner.diagnosis(instance.getData().jobId()));
    }

    /** Schedules the analysis unless its task instance exists already, and wakes the local scheduler. */
    static void schedule(ObjectProvider<Scheduler> scheduler, String kind, UUID jobId) {
        Scheduler s = scheduler.getObject();
        TaskDescriptor<JobRef> task = CRITICAL_POINT.equals(kind) ? CRITICAL_POINT_TASK : DIAGNOSIS_TASK;
        s.scheduleIfNotExists(task.instance(jobId.toString()).data(new JobRef(jobId)).scheduledTo(Instant.now()));
        s.triggerCheckForDueExecutions();
    }

    /** The task's data: which job to analyse. */
    record JobRef(UUID jobId) implements Serializable {
    }
}
