# Reference outputs for the Keras 3 diabetes MLPs, computed without Keras and without Strata: the weights are read
# from each archive's model.weights.h5 with h5py at Keras 3's paths, and the network (Dense 20 relu, Dense 20 relu,
# Dense 1) is run in float64 with numpy. Inputs (inputs.npy): the first 16 rows of scikit-learn's diabetes data as the
# source repository's examples_diabetes.joblib holds them, as float32. Run with Debian's python3-h5py:
#   /usr/bin/python3 reference.py   (writes expected.npy and expected_v2.npy here)
import io, json, zipfile
import h5py, numpy as np

def dense_weights(path):
    with zipfile.ZipFile(path) as z:
        config = json.loads(z.read("config.json"))
        weights = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
        names, used = [], {}
        for layer in config["config"]["layers"]:
            cls = layer["class_name"]
            if cls == "InputLayer":
                continue
            snake = {"Dense": "dense", "ReLU": "re_lu"}[cls]
            name = snake if snake not in used else f"{snake}_{used[snake] + 1}"
            used[snake] = used.get(snake, -1) + 1
            if cls == "Dense":
                vars = weights[f"layers/{name}/vars"]
                names.append(("dense", np.asarray(vars["0"], np.float64), np.asarray(vars["1"], np.float64), layer["config"]["activation"]))
            else:
                names.append(("relu", None, None, None))
        return names

def forward(layers, x):
    for kind, kernel, bias, activation in layers:
        if kind == "dense":
            x = x @ kernel + bias
            if activation == "relu":
                x = np.maximum(x, 0)
        else:
            x = np.maximum(x, 0)
    return x

x = np.load("inputs.npy")
np.save("expected.npy", forward(dense_weights("diabetes.keras"), x.astype(np.float64)).astype(np.float32))
np.save("expected_v2.npy", forward(dense_weights("diabetes_v2.keras"), x.astype(np.float64)).astype(np.float32))
