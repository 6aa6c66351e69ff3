package io.descent.dataset;

import java.util.UUID;

/**
 * Implemented by features that use datasets (jobs), so that a dataset in use is not deleted under them.
 * Every implementation present in the context is asked; none present means no dataset is ever in use.
 */
public interface DatasetUsage {

    /** True while a queued or running job reads the dataset. */
    boolean inUseByActiveJob(UUID datasetId);
}
