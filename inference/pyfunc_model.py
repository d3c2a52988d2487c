"""The MLflow pyfunc wrapper, logged as a model from code.

MLflow runs this file when the model loads; ``load_context`` reads the saved sgtag model from the
``model`` artifact and ``predict`` calls the runtime. Input: a DataFrame with a ``text`` column,
one document (or sentence) a row. Output: one row per input with ``labels`` (the document's
labels) and a score column per label (the best sentence's score).
"""

import mlflow
from mlflow.pyfunc import PythonModel


class SgtagPyfuncModel(PythonModel):
    def load_context(self, context):
        from inference.model import SgtagModel

        self.model = SgtagModel.load(context.artifacts["model"])

    def predict(self, context, model_input, params=None):
        from inference.predict import predict_frame

        return predict_frame(self.model, model_input)


mlflow.models.set_model(SgtagPyfuncModel())
