package io.descent.training;

/** A loss became NaN or infinite; the message is written for the user who has to change the spec. */
public class TrainingDivergedException extends RuntimeException {

    private final int epoch;

    public TrainingDivergedException(int epoch, double loss) {
        super("training diverged at epoch " + epoch + " (loss became " + (Double.isNaN(loss) ? "NaN" : "infinite")
                + "); lower the learning rate");
        this.epoch = epoch;
    }

    public int epoch() {
        return epoch;
    }
}
