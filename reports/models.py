from .models_learning import *  # noqa
