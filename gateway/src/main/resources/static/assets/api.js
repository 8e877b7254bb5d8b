// Reads of the gateway's public API. Errors carry the problem+json detail, so the page can show what went wrong.

export const API = '/api/v1';

export class ApiError extends Error {
    constructor(path, status, detail) {
        super(`GET ${path} answered ${status}${detail ? ': ' + detail : ''}`);
        this.status = status;
    }
}

export async function getJson(path) {
    // the default cache mode revalidates with the results' ETags, so an unchanged view costs a 304
    const response = await fetch(path, {headers: {Accept: 'application/json'}});
    if (!response.ok) {
        let detail = '';
        try {
            const problem = await response.json();
            detail = problem.detail || problem.title || '';
        } catch {
            // not problem+json: the status says enough
        }
        throw new ApiError(path, response.status, detail);
    }
    return response.json();
}

/** One page of experiments, newest first; nextCursor is null on the last page (and absent from older gateways). */
export async function listExperiments(limit, cursor) {
    const query = new URLSearchParams({limit: String(limit)});
    if (cursor) {
        query.set('cursor', cursor);
    }
    const page = await getJson(`${API}/experiments?${query}`);
    return {experiments: page.experiments ?? [], nextCursor: page.nextCursor ?? null};
}

export const experimentPath = id => `${API}/experiments/${encodeURIComponent(id)}`;

export const getExperiment = id => getJson(experimentPath(id));

/** The query of one measure (the views' default, the experiment's first, when measure is null). */
export const measureQuery = measure => (measure ? `measure=${encodeURIComponent(measure)}` : '');

const withQuery = (path, ...parts) => {
    const query = parts.filter(Boolean).join('&');
    return query ? `${path}?${query}` : path;
};

export const getLayerSummaries = (id, measure) =>
    getJson(withQuery(`${experimentPath(id)}/results/layers`, measureQuery(measure)));

/** The layer roles read from the curves of trained tasks; comparison is experimental or difference. */
export const getLayerRoles = (id, comparison, measure) =>
    getJson(withQuery(`${experimentPath(id)}/results/roles`, `comparison=${comparison}`, measureQuery(measure)));

export const getTaskLayers = (id, measure) =>
    getJson(withQuery(`${experimentPath(id)}/results/tasks`, measureQuery(measure)));

export const getResults = id => getJson(`${experimentPath(id)}/results`);
