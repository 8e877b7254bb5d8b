package io.mossa.contract.experiment;

import io.swagger.v3.oas.annotations.media.Schema;

/** Who submitted an experiment and who may read it. */
public record Access(
        @Schema(description = "Id of the API key that submitted it; null when submitted without one",
                nullable = true)
        String owner,
        @Schema(description = "private: only the submitting API key (and the admin) can see it",
                defaultValue = "public")
        Visibility visibility) {

    public static Access anonymous() {
        return new Access(null, null);
    }

    public Access withDefaults() {
        return new Access(owner, visibility == null ? Visibility.PUBLIC : visibility);
    }

    /** The one rule of reading: public experiments are anyone's; private ones their owner's (and the admin's). */
    public boolean readableBy(String caller, boolean admin) {
        return admin || visibility != Visibility.PRIVATE || (owner != null && owner.equals(caller));
    }

    /** The one rule of changing: an experiment without owner is anyone's; one with an owner its owner's. */
    public boolean changeableBy(String caller, boolean admin) {
        return admin || owner == null || owner.equals(caller);
    }
}
