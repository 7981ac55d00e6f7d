"""Official documents laid out with ReportLab: the only package importing reportlab."""
