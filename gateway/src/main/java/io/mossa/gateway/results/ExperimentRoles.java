package io.mossa.gateway.results;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.mossa.contract.measure.MeasureType;
import io.mossa.contract.experiment.ExperimentView;
import io.mossa.gateway.results.roles.LayerRoles;
import io.mossa.gateway.results.roles.LayerRolesView;
import io.mossa.gateway.results.roles.RoleCurves;
import io.mossa.gateway.results.summary.Completeness;

/**
 * The layer roles of an experiment's results: what GET .../results/roles answers and what the curves plot draws
 * as bands, computed in one place for both.
 */
final class ExperimentRoles {

    private ExperimentRoles() {
    }

    /** The roles the plots draw and the endpoint answers by default: trained tasks, every cluster. */
    /**
     * The segmentation is the same for a distance as for a similarity: least-squares change points do not depend
     * on the curve's sign, and the roles are named by layer order; a segment's movement is in the measure's units.
     *
     * @param index the results of {@code measure} alone
     */
    static LayerRolesView view(UUID id, MeasureType measure, Completeness coverage, ResultsIndex index,
            Comparison which, TaskSelection selection, String cluster) {
        List<String> tasks = selection.of(index, cluster == null ? index.tasks() : index.tasksOf(cluster));
        RoleCurves curves = RoleCurves.of(index, which, tasks);
        LayerRoles.Roles roles = tasks.isEmpty()
                ? new LayerRoles.Roles("none", "no " + (selection == TaskSelection.ALL ? "" : selection.wireName() + " ")
                        + "tasks with results" + (cluster == null ? "" : " in cluster " + cluster), List.of(),
                        List.of(), null, List.of())
                : curves.roles();
        List<LayerRolesView.Curve> named = curves.curves().entrySet().stream()
                .map(e -> new LayerRolesView.Curve(e.getKey(),
                        Arrays.stream(e.getValue()).boxed().toList())).toList();
        return new LayerRolesView(id, coverage, which.wireName(), measure, selection.wireName(), cluster,
                curves.tasks(),
                curves.layers(), named, roles, LayerRolesView.METHOD);
    }

    /** The comparison the roles are read from when none is asked for. */
    static Comparison defaultComparison(ExperimentView experiment) {
        return experiment.models().baseline() == null ? Comparison.EXPERIMENTAL : Comparison.DIFFERENCE;
    }
}
