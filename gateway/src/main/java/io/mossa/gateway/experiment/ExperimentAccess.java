package io.mossa.gateway.experiment;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.mossa.contract.Forbidden;
import io.mossa.contract.NotFound;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.gateway.access.Caller;
import io.mossa.gateway.upstream.CkaClient;

/**
 * Who may see and change an experiment. A private experiment the caller cannot read answers 404, exactly as
 * one that does not exist, so that its existence does not leak. Changing (cancel, re-run, delete) is for the
 * owner and the administrator; an experiment without owner (submitted without a key) is anyone's who may write.
 */
@Component
public class ExperimentAccess {

    private final CkaClient cka;

    public ExperimentAccess(CkaClient cka) {
        this.cka = cka;
    }

    /** The experiment, if the caller may read it; 404 problem otherwise. */
    public ExperimentView readable(UUID id, Caller caller) {
        ExperimentView experiment = cka.experiment(id);
        if (!caller.canRead(experiment.access())) {
            throw notFound(id);
        }
        return experiment;
    }

    /** The experiment, if the caller may change it; 404 if it may not even read it, 403 otherwise. */
    public ExperimentView changeable(UUID id, Caller caller) {
        ExperimentView experiment = readable(id, caller);
        if (!experiment.access().changeableBy(caller.keyId(), caller.admin())) {
            throw new Forbidden("experiment '" + id + "' belongs to another "
                    + "API key; only its owner or the administrator may change it");
        }
        return experiment;
    }

    /**
     * What readableBy the list and the results pass to cka-service: absent for the administrator, else the caller's
     * key ("" for a caller without one: public experiments only).
     */
    public static String readableBy(Caller caller) {
        if (caller.admin()) {
            return null;
        }
        return caller.keyId() == null ? "" : caller.keyId();
    }

    static NotFound notFound(UUID id) {
        // the same detail as cka-service's for an id it does not have
        return new NotFound("no experiment with id '" + id + "'");
    }
}
