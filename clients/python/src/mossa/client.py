"""The MOSSA client: one object per platform, methods per REST resource of the gateway."""
from __future__ import annotations

import csv
import io
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Mapping, Optional, Sequence, Union
from urllib.parse import quote, unquote

import numpy as np
import requests

from .errors import ExperimentFailed, ProblemError
from .progress import ProgressBar

Definition = Union[Mapping[str, Any], str, os.PathLike]
FINISHED = ("SUCCEEDED", "FAILED", "CANCELLED")


@dataclass
class Matrices:
    """Layer x layer similarity values of one comparison: ``values[t, i, j]`` is task ``tasks[t]`` at layer
    ``layers_x[i]`` of the first model and ``layers_y[j]`` of the second; NaN where nothing was computed (with
    ``layerPairs: same`` only the diagonal)."""
    values: np.ndarray
    tasks: list[str]
    layers_x: list[int]
    layers_y: list[int]

    def task(self, name: str) -> np.ndarray:
        """The matrix of one task."""
        return self.values[self.tasks.index(name)]


@dataclass
class Similarity:
    """The answer of the stateless similarity API: ``matrix[i, j]`` compares layer i of x with layer j of y."""
    matrix: np.ndarray
    p_values: Optional[np.ndarray]
    ci_low: Optional[np.ndarray]
    ci_high: Optional[np.ndarray]
    raw: dict[str, Any]


class Client:
    """A client of one MOSSA gateway.

    >>> mossa = Client("http://localhost:8080", api_key=os.environ["MOSSA_API_KEY"])
    >>> run = mossa.submit({"experimentalModel": "all-minilm-l6-v2-q", "controlModel": "all-minilm-l6-v2",
    ...                     "taskSet": "demo"})
    >>> mossa.wait(run["id"])
    >>> mossa.results(run["id"])          # tidy rows (a pandas DataFrame when pandas is installed)

    ``api_key`` defaults to the environment variable ``MOSSA_API_KEY``; reads need none, writes do.
    """

    def __init__(self, url: str = "http://localhost:8080", api_key: Optional[str] = None, timeout: float = 60.0,
                 session: Optional[requests.Session] = None):
        self.url = url.rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("MOSSA_API_KEY")
        self.timeout = timeout
        self._http = session or requests.Session()

    # ---------------------------------------------------------------- experiments

    def submit(self, definition: Definition, idempotency_key: Optional[str] = None) -> dict[str, Any]:
        """Submits an experiment definition (a dict, or the path of a JSON file) and returns the experiment
        as the platform stored it (``id``, ``status``, ``progress``, ...). With ``idempotency_key``, submitting the
        same definition again returns the same experiment instead of a new one."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        return self._json("POST", "/api/v1/experiments", json=_load_definition(definition), headers=headers)

    def experiment(self, experiment_id: str) -> dict[str, Any]:
        """An experiment's status, progress, resolved settings and tasks (without prompts)."""
        return self._json("GET", f"/api/v1/experiments/{_seg(experiment_id)}")

    def definition(self, experiment_id: str, prompts: bool = False) -> dict[str, Any]:
        """The definition as it was submitted; inline tasks' prompts only with ``prompts=True``."""
        return self._json("GET", f"/api/v1/experiments/{_seg(experiment_id)}/definition",
                          params={"prompts": "true" if prompts else "false"})

    def experiments(self, status: Optional[str] = None, model: Optional[str] = None,
                    page_size: int = 50) -> Iterator[dict[str, Any]]:
        """Every experiment visible to this key, newest first, following the cursor pages lazily."""
        params: dict[str, Any] = {"limit": page_size}
        if status:
            params["status"] = status
        if model:
            params["model"] = model
        while True:
            page = self._json("GET", "/api/v1/experiments", params=params)
            yield from page.get("experiments", [])
            cursor = page.get("nextCursor")
            if not cursor:
                return
            params["cursor"] = cursor

    def wait(self, experiment_id: str, progress: bool = True, poll: float = 2.0,
             timeout: Optional[float] = None, raise_on_failure: bool = True) -> dict[str, Any]:
        """Waits until the experiment has finished and returns it. Draws a progress bar (in a terminal or a
        notebook) unless ``progress`` is False. Raises :class:`ExperimentFailed` if it ended FAILED or
        CANCELLED (unless ``raise_on_failure`` is False) and ``TimeoutError`` after ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        bar = ProgressBar(f"experiment {experiment_id[:8]}") if progress else None
        try:
            while True:
                try:
                    current = self.experiment(experiment_id)
                except ProblemError as e:
                    if e.status != 503:
                        raise
                    time.sleep(e.retry_after or poll)  # the platform is restarting a part: keep following
                    continue
                done = current.get("progress") or {}
                if bar:
                    bar.update(done.get("unitsDone", 0), done.get("unitsTotal", 0), current["status"])
                if current["status"] in FINISHED:
                    break
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"experiment {experiment_id} still {current['status']} after {timeout} s")
                time.sleep(poll)
        finally:
            if bar:
                bar.close()
        if raise_on_failure and current["status"] != "SUCCEEDED":
            raise ExperimentFailed(current)
        return current

    def cancel(self, experiment_id: str) -> dict[str, Any]:
        """Cancels a pending or running experiment; tasks already finished keep their results."""
        return self._json("POST", f"/api/v1/experiments/{_seg(experiment_id)}/cancel")

    def rerun(self, experiment_id: str) -> dict[str, Any]:
        """Runs a FAILED or CANCELLED experiment again under the same id, reusing finished tasks."""
        return self._json("POST", f"/api/v1/experiments/{_seg(experiment_id)}/rerun")

    def delete(self, experiment_id: str) -> None:
        """Deletes a finished experiment and its results."""
        self._request("DELETE", f"/api/v1/experiments/{_seg(experiment_id)}")

    # ---------------------------------------------------------------- results

    def results(self, experiment_id: str, as_frame: Optional[bool] = None):
        """Tidy rows, one per comparison, task and layer pair, with the columns of the CSV export
        (``comparison, model_x, model_y, task, cluster, layer_x, layer_y, value, held_out, split, p_value, ci_low,
        ci_high``), typed. A pandas DataFrame when pandas is installed (or ``as_frame=True``), else a list of
        dicts."""
        text = self._request("GET", f"/api/v1/experiments/{_seg(experiment_id)}/results.csv").text
        rows = [_typed_row(row) for row in csv.DictReader(io.StringIO(text))]
        if as_frame is False:
            return rows
        try:
            import pandas as pd
        except ImportError:
            if as_frame:
                raise
            return rows
        columns = next(csv.reader(io.StringIO(text)), [])
        return pd.DataFrame(rows, columns=columns)

    def matrices(self, experiment_id: str, comparison: str = "experimental") -> Matrices:
        """The layer x layer values of every task as one float64 array (the NPY export)."""
        response = self._request("GET", f"/api/v1/experiments/{_seg(experiment_id)}/results.npy",
                                 params={"comparison": comparison})
        headers = response.headers
        return Matrices(values=np.load(io.BytesIO(response.content), allow_pickle=False),
                        tasks=[unquote(t) for t in headers.get("X-Mossa-Tasks", "").split(",") if t],
                        layers_x=_ints(headers.get("X-Mossa-Layers-X", "")),
                        layers_y=_ints(headers.get("X-Mossa-Layers-Y", "")))

    def layers(self, experiment_id: str) -> dict[str, Any]:
        """Per layer, across tasks: quartiles and means, overall, trained, held-out and per cluster."""
        return self._json("GET", f"/api/v1/experiments/{_seg(experiment_id)}/results/layers")

    def tasks(self, experiment_id: str) -> dict[str, Any]:
        """Per task and layer: E vs C_t, B vs C_t and their difference, with p-values and intervals."""
        return self._json("GET", f"/api/v1/experiments/{_seg(experiment_id)}/results/tasks")

    def roles(self, experiment_id: str, **params: Any) -> dict[str, Any]:
        """The layers' roles (shared, transition, refinement) with their evidence."""
        return self._json("GET", f"/api/v1/experiments/{_seg(experiment_id)}/results/roles", params=params)

    def plot(self, experiment_id: str, name: str = "curves", fmt: str = "svg", **params: Any) -> bytes:
        """A plot (``curves``, ``boxes`` or ``heatmap``) as SVG or PNG bytes; in a notebook, show it with
        ``IPython.display.SVG(data)`` or ``Image(data)``."""
        return self._request("GET", f"/api/v1/experiments/{_seg(experiment_id)}/plots/{name}.{fmt}",
                             params=params).content

    # ---------------------------------------------------------------- stateless similarity

    def similarity(self, x: np.ndarray, y: np.ndarray, **options: Any) -> Similarity:
        """Similarity of your own activations: x is [n, p] or [layers, n, p], y is [n, q] or [layers, n, q],
        rows paired. Options are the API's query parameters (``kernel``, ``estimator``, ``permutations``,
        ``bootstrap``, ``seed``, ...)."""
        files = {"x": ("x.npy", _npy(x), "application/octet-stream"),
                 "y": ("y.npy", _npy(y), "application/octet-stream")}
        answer = self._json("POST", "/api/v1/similarity", params=options, files=files)
        return Similarity(matrix=_array(answer.get("matrix")), p_values=_array(answer.get("pValues")),
                          ci_low=_array((answer.get("interval") or {}).get("lower")),
                          ci_high=_array((answer.get("interval") or {}).get("upper")), raw=answer)

    # ---------------------------------------------------------------- models

    def models(self) -> list[dict[str, Any]]:
        """The models the extractor serves, with their layers and capabilities."""
        answer = self._json("GET", "/api/v1/models")
        return answer.get("models", answer) if isinstance(answer, dict) else answer

    def model(self, model_id: str) -> dict[str, Any]:
        return self._json("GET", f"/api/v1/models/{_seg(model_id)}")

    def register_model(self, model_id: str, path: str) -> dict[str, Any]:
        """Registers a model directory (under the extractor's allowed model roots) under ``model_id``."""
        return self._json("POST", "/api/v1/models", json={"id": model_id, "path": path})

    def unregister_model(self, model_id: str) -> None:
        self._request("DELETE", f"/api/v1/models/{_seg(model_id)}")

    # ---------------------------------------------------------------- task sets

    def task_sets(self) -> list[dict[str, Any]]:
        """The latest version of every task set (summaries)."""
        answer = self._json("GET", "/api/v1/task-sets")
        return answer.get("taskSets", answer) if isinstance(answer, dict) else answer

    def task_set(self, task_set_id: str, version: Optional[int] = None) -> dict[str, Any]:
        path = f"/api/v1/task-sets/{_seg(task_set_id)}"
        return self._json("GET", path if version is None else f"{path}/versions/{int(version)}")

    def create_task_set(self, definition: Definition) -> dict[str, Any]:
        """Stores a task set (a dict or the path of a JSON file): a new id gets version 1, an existing one its
        next version."""
        return self._json("POST", "/api/v1/task-sets", json=_load_definition(definition))

    def upload_examples(self, task_set_id: str, task: str,
                        source: Union[str, os.PathLike, BinaryIO, Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
        """Replaces one task's examples as the task set's next version. ``source`` is a ``.jsonl`` or ``.csv``
        file (streamed, not read into memory), an open binary file of JSON Lines, or a list of dicts."""
        content_type = "application/x-ndjson"
        if isinstance(source, (str, os.PathLike)):
            path = Path(source)
            if path.suffix.lower() == ".csv":
                content_type = "text/csv"
            with path.open("rb") as body:
                return self._json("PUT", _examples_path(task_set_id, task), data=body,
                                  headers={"Content-Type": content_type})
        if isinstance(source, (list, tuple)):
            body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in source).encode()
            return self._json("PUT", _examples_path(task_set_id, task), data=body,
                              headers={"Content-Type": content_type})
        return self._json("PUT", _examples_path(task_set_id, task), data=source,
                          headers={"Content-Type": content_type})

    # ---------------------------------------------------------------- API keys (admin key only)

    def api_keys(self) -> list[dict[str, Any]]:
        return self._json("GET", "/api/v1/api-keys")["apiKeys"]

    def create_api_key(self, name: str) -> dict[str, Any]:
        """Creates a key; its ``secret`` is in this answer only."""
        return self._json("POST", "/api/v1/api-keys", json={"name": name})

    def revoke_api_key(self, key_id: str) -> dict[str, Any]:
        return self._json("DELETE", f"/api/v1/api-keys/{_seg(key_id)}")

    # ---------------------------------------------------------------- HTTP

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._request(method, path, **kwargs).json()

    def _request(self, method: str, path: str, headers: Optional[Mapping[str, str]] = None,
                 **kwargs: Any) -> requests.Response:
        sent = {"Accept": "application/json, application/problem+json;q=0.9, */*;q=0.8"}
        if self.api_key:
            sent["X-API-Key"] = self.api_key
        sent.update(headers or {})
        response = self._http.request(method, self.url + path, headers=sent, timeout=self.timeout, **kwargs)
        if response.status_code >= 400:
            raise ProblemError.from_response(response)
        return response


def _load_definition(definition: Definition) -> Mapping[str, Any]:
    if isinstance(definition, (str, os.PathLike)):
        with open(definition, encoding="utf-8") as file:
            return json.load(file)
    return definition


def _seg(value: str) -> str:
    return quote(str(value), safe="")


def _examples_path(task_set_id: str, task: str) -> str:
    return f"/api/v1/task-sets/{_seg(task_set_id)}/tasks/{_seg(task)}/examples"


def _ints(header: str) -> list[int]:
    return [int(v) for v in header.split(",") if v.strip()]


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()


def _array(values: Any) -> Optional[np.ndarray]:
    if values is None:
        return None
    return np.array([[np.nan if v is None else v for v in row] for row in values], dtype=np.float64)


_INTS = ("layer_x", "layer_y")
_FLOATS = ("value", "p_value", "ci_low", "ci_high")


def _typed_row(row: dict[str, str]) -> dict[str, Any]:
    typed: dict[str, Any] = dict(row)
    for key in _INTS:
        if key in typed:
            typed[key] = int(typed[key])
    for key in _FLOATS:
        if key in typed:
            typed[key] = float(typed[key]) if typed[key] != "" else None
    if "held_out" in typed:
        typed["held_out"] = typed["held_out"] == "true"
    if typed.get("split") == "":
        typed["split"] = None
    return typed
