"""The client against a running platform (started by the Java end-to-end tests, or by ./mossa up).

Environment: MOSSA_GATEWAY_URL, MOSSA_API_KEY (the admin key), MOSSA_EXTRACTOR_URL (the internal extractor, used
only to fetch activations for the independent CKA reference below).
"""
from __future__ import annotations

import io
import json
import os
import tempfile
import unittest
import uuid

import numpy as np
import requests

from mossa import Client, ExperimentFailed, ProblemError

GATEWAY = os.environ.get("MOSSA_GATEWAY_URL", "http://localhost:8080")
EXTRACTOR = os.environ.get("MOSSA_EXTRACTOR_URL", "http://localhost:8081")
ADMIN_KEY = os.environ.get("MOSSA_API_KEY")
E, C = "all-minilm-l6-v2-q", "all-minilm-l6-v2"


def naive_linear_cka(x: np.ndarray, y: np.ndarray) -> float:
    """Biased linear CKA by its Gram-matrix definition, in float64 (CKA-NOTES: HSIC0 = tr(KHLH)/(n-1)^2)."""
    n = x.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    k, l = x @ x.T, y @ y.T
    hsic = lambda a, b: np.trace(a @ h @ b @ h)
    return hsic(k, l) / np.sqrt(hsic(k, k) * hsic(l, l))


class PlatformTest(unittest.TestCase):
    mossa: Client

    @classmethod
    def setUpClass(cls) -> None:
        cls.mossa = Client(GATEWAY, api_key=ADMIN_KEY)
        cls.demo = cls.mossa.submit({"name": "python client: demo", "experimentalModel": E, "controlModel": C,
                                     "baselineModel": C, "taskSet": "demo", "examplesPerTask": 8,
                                     "pooling": "mean", "layerPairs": "all"})
        cls.finished = cls.mossa.wait(cls.demo["id"], progress=False, poll=0.3, timeout=300)

    def test_an_experiment_is_submitted_followed_and_read_as_tidy_rows_and_matrices(self) -> None:
        self.assertEqual(self.finished["status"], "SUCCEEDED")
        rows = self.mossa.results(self.demo["id"], as_frame=False)
        matrices = self.mossa.matrices(self.demo["id"])
        tasks = self.mossa.task_set("demo")["tasks"]
        layers = 7  # embedding output + 6 blocks of MiniLM
        self.assertEqual(matrices.values.shape, (len(tasks), layers, layers))
        self.assertEqual(matrices.tasks, [t["name"] for t in tasks])
        self.assertEqual(len(rows), 2 * len(tasks) * layers * layers)
        for row in rows:
            if row["comparison"] == "experimental":
                expected = matrices.task(row["task"])[matrices.layers_x.index(row["layer_x"]),
                                                      matrices.layers_y.index(row["layer_y"])]
                self.assertEqual(row["value"], expected)  # the CSV and the NPY export carry the same float64
            self.assertIsInstance(row["held_out"], bool)
            self.assertIsInstance(row["layer_x"], int)

    def test_the_matrices_equal_cka_computed_here_from_the_models_activations(self) -> None:
        task = self.mossa.task_set("demo")["tasks"][0]
        prompts = task["prompts"][:8]
        x, y = self._activations(E, prompts), self._activations(C, prompts)
        matrices = self.mossa.matrices(self.demo["id"])
        for i in range(x.shape[0]):
            for j in range(y.shape[0]):
                self.assertAlmostEqual(matrices.task(task["name"])[i, j], naive_linear_cka(x[i], y[j]), places=9)

    def test_the_similarity_api_takes_numpy_arrays_and_matches_a_naive_cka(self) -> None:
        rng = np.random.default_rng(3)
        x = rng.standard_normal((2, 40, 16))
        y = np.stack([x[0] @ rng.standard_normal((16, 12)), rng.standard_normal((40, 12))])
        answer = self.mossa.similarity(x, y, permutations=50, seed=1)
        self.assertEqual(answer.matrix.shape, (2, 2))
        for i in range(2):
            for j in range(2):
                self.assertAlmostEqual(answer.matrix[i, j], naive_linear_cka(x[i], y[j]), places=10)
        self.assertEqual(answer.p_values.shape, (2, 2))
        self.assertLess(answer.p_values[0, 0], 0.05)  # y[0] is a linear map of x[0]: 50 permutations never beat it

    def test_errors_are_exceptions_carrying_the_problem_fields(self) -> None:
        with self.assertRaises(ProblemError) as refused:
            self.mossa.submit({"experimentalModel": E, "controlModel": C, "taskSet": "demo", "layers": [99]})
        self.assertEqual(refused.exception.status, 400)
        self.assertIn("layers[0]", [e.field for e in refused.exception.errors])
        self.assertIn("out of range", str(refused.exception))
        with self.assertRaises(ProblemError) as missing:
            self.mossa.experiment(str(uuid.uuid4()))
        self.assertEqual(missing.exception.status, 404)
        with self.assertRaises(ProblemError) as anonymous:
            Client(GATEWAY, api_key="").submit({"experimentalModel": E, "controlModel": C, "taskSet": "demo"})
        self.assertEqual(anonymous.exception.status, 401)

    def test_the_lifecycle_idempotency_listing_rerun_and_delete(self) -> None:
        definition = {"name": "python client: lifecycle " + uuid.uuid4().hex, "experimentalModel": E,
                      "controlModel": C, "taskSet": "demo", "examplesPerTask": 4, "layers": [0, 6]}
        key = uuid.uuid4().hex
        first = self.mossa.submit(definition, idempotency_key=key)
        self.assertEqual(self.mossa.submit(definition, idempotency_key=key)["id"], first["id"])
        self.assertEqual(self.mossa.definition(first["id"]), definition)
        self.assertNotIn("definition", first)
        try:
            self.mossa.cancel(first["id"])
        except ProblemError as finished_first:  # it may have finished before the cancel arrived
            self.assertEqual(finished_first.status, 409)
        ended = self.mossa.wait(first["id"], progress=False, poll=0.3, timeout=300, raise_on_failure=False)
        if ended["status"] == "CANCELLED":
            with self.assertRaises(ExperimentFailed):
                self.mossa.wait(first["id"], progress=False)
            self.mossa.rerun(first["id"])
            ended = self.mossa.wait(first["id"], progress=False, poll=0.3, timeout=300)
        self.assertEqual(ended["status"], "SUCCEEDED")
        listed = [e["id"] for e in self.mossa.experiments(page_size=1)]
        self.assertEqual(len(listed), len(set(listed)))  # cursor pages neither repeat nor skip
        self.assertIn(first["id"], listed)
        self.assertIn(self.demo["id"], listed)
        self.mossa.delete(first["id"])
        with self.assertRaises(ProblemError) as gone:
            self.mossa.experiment(first["id"])
        self.assertEqual(gone.exception.status, 404)

    def test_task_sets_are_created_and_filled_from_files_and_rows(self) -> None:
        name = "py-" + uuid.uuid4().hex[:12]
        created = self.mossa.create_task_set({"id": name, "tasks": [
            {"name": "rte", "cluster": "nli", "templates": ["{premise} => {hypothesis}?"],
             "examples": [{"premise": "A dog runs.", "hypothesis": "An animal moves."},
                          {"premise": "It rains.", "hypothesis": "The ground is wet."}]}]})
        self.assertEqual(created["version"], 1)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as file:
            for i in range(5):
                file.write(json.dumps({"premise": f"premise {i}", "hypothesis": f"hypothesis {i}"}) + "\n")
        try:
            self.mossa.upload_examples(name, "rte", file.name)
        finally:
            os.unlink(file.name)
        self.assertEqual(len(self.mossa.task_set(name)["tasks"][0]["examples"]), 5)
        self.mossa.upload_examples(name, "rte", [{"premise": "p", "hypothesis": "h"}] * 3)
        latest = self.mossa.task_set(name)
        self.assertEqual(latest["version"], 3)
        self.assertEqual(len(latest["tasks"][0]["examples"]), 3)
        self.assertEqual(len(self.mossa.task_set(name, version=2)["tasks"][0]["examples"]), 5)
        self.assertIn(name, [t["id"] for t in self.mossa.task_sets()])

    def test_api_keys_are_created_used_and_revoked(self) -> None:
        created = self.mossa.create_api_key("python-client-test")
        own = Client(GATEWAY, api_key=created["secret"])
        self.assertTrue(own.models())
        self.assertIn(created["id"], [k["id"] for k in self.mossa.api_keys()])
        self.assertTrue(self.mossa.revoke_api_key(created["id"])["revoked"])
        with self.assertRaises(ProblemError) as revoked:
            own.submit({"experimentalModel": E, "controlModel": C, "taskSet": "demo"})
        self.assertIn(revoked.exception.status, (401,))

    def test_plots_and_models(self) -> None:
        svg = self.mossa.plot(self.demo["id"], "curves")
        self.assertIn(b"<svg", svg[:300])
        png = self.mossa.plot(self.demo["id"], "heatmap", fmt="png", task=self.mossa.task_set("demo")["tasks"][0]["name"])
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertIn(E, [m["id"] for m in self.mossa.models()])

    @staticmethod
    def _activations(model: str, prompts: list[str]) -> np.ndarray:
        response = requests.post(f"{EXTRACTOR}/v1/activations", timeout=120, headers={"Accept": "application/x-npy"},
                                 json={"model": model, "pooling": "mean", "inputs": [{"text": p} for p in prompts]})
        response.raise_for_status()
        return np.load(io.BytesIO(response.content)).astype(np.float64)


if __name__ == "__main__":
    unittest.main()
