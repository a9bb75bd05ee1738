"""The annual report (政府信息公开工作年度报告, Art. 49–50): its national formats as data,
the 勾稽 checks, parsing of published reports and rendering. Pure Python, no Django import."""
