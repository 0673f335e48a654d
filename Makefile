# grb: two commands keep the promise: `make demo` and `make test`, each from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out

.PHONY: help venv demo test lint bench samples clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=77"
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks]'
	touch $(STAMP)

venv: $(STAMP)  ## create .venv and install grb with its test and notebook tools

demo: $(STAMP)  ## analyse the workshop sample budget and write its gap report to out/
	@mkdir -p $(OUT)
	$(BIN)/grb validate sample_budgets/workshop_commune.xlsx
	$(BIN)/grb analyze sample_budgets/workshop_commune.xlsx -o $(OUT)/workshop_gap_report.xlsx --csv $(OUT)/workshop_csv
	$(BIN)/grb template -o $(OUT)/grb_template.xlsx --force
	$(BIN)/grb template -o $(OUT)/grb_template_km.xlsx --lang km --force
	$(BIN)/grb analyze sample_budgets/workshop_commune.xlsx -o $(OUT)/workshop_gap_report_km.xlsx --lang km
	$(BIN)/grb follow-up sample_budgets/workshop_commune_2025_report.xlsx sample_budgets/workshop_commune.xlsx \
		-o $(OUT)/workshop_follow_up.xlsx --csv $(OUT)/workshop_follow_up_csv
	@echo "Gap report: $(OUT)/workshop_gap_report.xlsx (CSV files in $(OUT)/workshop_csv, blank template $(OUT)/grb_template.xlsx)"
	@echo "In Khmer: $(OUT)/workshop_gap_report_km.xlsx and $(OUT)/grb_template_km.xlsx"
	@echo "Follow-up of last cycle's gaps: $(OUT)/workshop_follow_up.xlsx (CSV files in $(OUT)/workshop_follow_up_csv)"

test: $(STAMP)  ## lint and run the whole test suite
	$(BIN)/ruff check grb tests sample_budgets $(wildcard bench)
	$(BIN)/python -m pytest

lint: $(STAMP)  ## ruff only
	$(BIN)/ruff check grb tests sample_budgets $(wildcard bench)

bench: $(STAMP)  ## `grb batch` end to end beside its floor, 1x and 10x the 1,652 communes; prints JSON
	$(BIN)/python bench/run.py --scales 1,10

samples: $(STAMP)  ## rebuild the illustrative sample budgets
	$(BIN)/python sample_budgets/make_samples.py

.PHONY: translations catalog
translations: $(STAMP)  ## extract every text to translate into grb/locale/grb.pot and merge it into the Khmer .po
	$(BIN)/python -m grb.i18n.extract grb/locale/grb.pot
	$(BIN)/python -m babel.messages.frontend update -i grb/locale/grb.pot -d grb/locale -D grb -l km --ignore-obsolete -w 110

catalog: $(STAMP)  ## compile the catalogs (grb.po -> grb.mo); the tests fail while a .mo is stale
	$(BIN)/python -m babel.messages.frontend compile -d grb/locale -D grb --statistics

clean:  ## remove the virtual environment and outputs
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
