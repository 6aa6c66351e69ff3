package io.descent.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;

/**
 * The persistent queue of runs to train, kept by db-scheduler in the shared database, so that any node can pick a
 * run up and a run that was in progress when its node died is picked up again. The execution time is the
 * submission time, so runs start in submission order.
 */
@Component
class TrainingQueue {

    private final ObjectProvider<Scheduler> scheduler;

    TrainingQueue(ObjectProvider<Scheduler> scheduler) {
        this.scheduler = scheduler;
    }

    /** Queues runs inside the caller's transaction and wakes the local scheduler once it commits. */
    void enqueueAll(UUID jobId, List<Integer> folds, Instant at) {
        Scheduler s = scheduler.getObject();
        for (int fold : folds) {
            s.schedule(TrainingTasks.TRAIN_RUN.instance(instanceId(jobId, fold)).data(new RunRef(jobId, fold)).scheduledTo(at));
        }
        wakeAfterCommit(s);
    }

    void cancelQueued(UUID jobId, List<Integer> folds) {
        Scheduler s = scheduler.getObject();
        for (int fold : folds) {
            TaskInstanceId id = TrainingTasks.TRAIN_RUN.instanceId(instanceId(jobId, fold));
            try {
                s.getScheduledExecution(id).filter(e -> !e.isPicked()).ifPresent(e -> s.cancel(id));
            } catch (RuntimeException pickedMeanwhile) {
                // A node picked it between the look and the cancel: its runner finds the job CANCELLED and stops.
            }
        }
    }

    static String instanceId(UUID jobId, int fold) {
        return jobId + "-" + fold;
    }

    private static void wakeAfterCommit(Scheduler s) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    s.triggerCheckForDueExecutions();
                }
            });
        } else {
            s.triggerCheckForDueExecutions();
        }
    }

    /** The task's data: which run to train. */
    record RunRef(UUID jobId, int fold) implements java.io.Serializable {
    }
}
