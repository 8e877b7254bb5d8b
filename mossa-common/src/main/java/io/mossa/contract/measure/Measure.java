package io.mossa.contract.measure;

import io.mossa.contract.Violations;

/**
 * A similarity measure between two sets of representations of the same inputs, with its options as submitted:
 * {@link CkaMeasure} (the flat options of an experiment of CKA alone) or a {@link MeasureSpec} (one entry of an
 * experiment's list of measures, any {@link MeasureType}).
 */
public sealed interface Measure permits CkaMeasure, MeasureSpec {

    /** Reports every broken rule of the options as submitted; {@code prefix} is the path of the measure's object. */
    void check(Violations violations, String prefix);

    /** The same measure with every default filled in and options that do not apply left out. */
    Measure withDefaults();

    /** The fewest examples per task the measure (on {@link #withDefaults()}) and these statistics are defined for. */
    int minimumExamples(Statistics statistics);

    /** Why {@link #minimumExamples}: quoted when a task is too small. */
    String whyMinimumExamples(Statistics statistics);
}
